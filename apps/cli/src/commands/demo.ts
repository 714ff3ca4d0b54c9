import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';

/** The minimal loop of the original README, offline: learn a release SOP, then find it. */
export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('run the learn → retrieve loop offline in a throwaway store (or --store-dir)')
    .addOption(new Option('--store-dir <dir>', 'use this store instead of a temporary one'))
    .action(async (options: { storeDir?: string }) => {
      const directory = options.storeDir ?? (await mkdtemp(join(tmpdir(), 'autoskill-demo-')));
      const autoskill = new AutoSkill({
        storeDir: directory,
        llm: { provider: 'mock' },
        embeddings: { provider: 'hashing' },
        logger: 'silent',
        env: context.env,
      });
      const say = (line = '') => context.line(line);
      try {
        say(
          `AutoSkill demo — offline defaults (mock LLM, hashing embeddings), store: ${directory}`,
        );
        say();
        const generic = 'Write a report about self-evolving agents.';
        say(`user u1> ${generic}`);
        const first = await autoskill.ingest({
          userId: 'u1',
          messages: [{ role: 'user', content: generic }],
        });
        say(
          `  learned: ${first.added.length + first.merged.length === 0 ? `nothing (${first.reason})` : first.added.map((skill) => skill.title).join(', ')}`,
        );
        const sop = 'Before each release: run regression -> canary -> monitor -> full rollout.';
        say(`user u1> ${sop}`);
        const second = await autoskill.ingest({
          userId: 'u1',
          messages: [{ role: 'user', content: sop }],
        });
        for (const skill of second.added)
          say(`  learned: new skill "${skill.title}" v${skill.version} (${skill.id})`);
        for (const skill of second.merged)
          say(`  learned: merged into "${skill.title}" v${skill.version}`);
        const query = 'How should I do a safe release?';
        say();
        say(`search> ${query}`);
        const hits = await autoskill.search(query, { userId: 'u1', limit: 3 });
        for (const hit of hits)
          say(`  ${hit.score.toFixed(3)}  ${hit.skill.title} (v${hit.skill.version})`);
        if (hits.length === 0) say('  no hits');
        say();
        say('context injected into the next request:');
        say(await autoskill.renderContext(query, { userId: 'u1', limit: 1 }));
        context.exitCode = hits.length > 0 ? 0 : 1;
      } finally {
        await autoskill.close();
        if (!options.storeDir) await rm(directory, { recursive: true, force: true });
      }
    });
}
