import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { SearchScope } from '@autoskill/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInteger, parseScope, parseScore } from '../option-parsers';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface SearchCommandOptions extends StoreOptions {
  userId: string;
  scope: SearchScope;
  topK: number;
  minScore: number;
  json?: boolean;
  batch?: string;
}

export function registerSearch(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('search')
      .description('hybrid search over skills; --batch FILE runs many queries in one process')
      .argument('[query...]', 'what to look for')
      .addOption(
        new Option('--user-id <id>', 'whose skills').env('AUTOSKILL_USER_ID').default('u1'),
      )
      .addOption(
        new Option('--scope <scope>', 'user | common | all')
          .default('all')
          .argParser(parseScope('--scope', ['user', 'common', 'all'] as const)),
      )
      .addOption(
        new Option('--top-k <n>', 'number of hits')
          .default(5)
          .argParser(parseInteger('--top-k', 1, 1000)),
      )
      .addOption(
        new Option('--min-score <x>', 'drop hits below this score')
          .default(0)
          .argParser(parseScore('--min-score')),
      )
      .option('--batch <file>', 'JSON lines {"query": "..."}; writes one JSON line per query')
      .option('--json', 'print JSON'),
  ).action(async (words: string[], options: SearchCommandOptions) => {
    const query = words.join(' ').trim();
    if (!options.batch && !query) throw new UsageError('give a QUERY or --batch FILE');
    if (options.batch && query)
      throw new UsageError('give either a QUERY or --batch FILE, not both');
    if (options.batch) {
      const info = await stat(options.batch).catch(() => undefined);
      if (!info?.isFile())
        throw new UsageError(`--batch ${JSON.stringify(options.batch)} is not a readable file`);
    }
    const autoskill = openAutoSkill(context, options);
    try {
      await autoskill.ready();
      const searchOptions = {
        userId: options.userId,
        scope: options.scope,
        limit: options.topK,
        minScore: options.minScore,
      };
      if (options.batch) {
        const lines = createInterface({
          input: createReadStream(options.batch, 'utf8'),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        let lineNumber = 0;
        let badLines = 0;
        // A bad line gets its error line in the output (the others still run), one stderr line
        // naming it, and exit code 2 at the end.
        const reject = (error: string) => {
          badLines++;
          context.json({ line: lineNumber, error }, false);
          context.note(`autoskill: --batch ${options.batch} line ${lineNumber}: ${error}`);
        };
        for await (const line of lines) {
          lineNumber++;
          if (!line.trim()) continue;
          let text: unknown;
          try {
            text = (JSON.parse(line) as { query?: unknown } | null)?.query;
          } catch {
            reject('not valid JSON; expected {"query": "..."}');
            continue;
          }
          if (typeof text !== 'string' || !text.trim()) {
            reject('missing "query" string');
            continue;
          }
          const started = performance.now();
          const hits = await autoskill.search(text, searchOptions);
          const ms = performance.now() - started;
          context.json(
            {
              query: text,
              hits: hits.map((hit) => ({
                id: hit.skill.id,
                name: hit.skill.name,
                score: round(hit.score),
              })),
              ms: round(ms),
            },
            false,
          );
        }
        if (badLines > 0) context.exitCode = 2;
        return;
      }
      const hits = await autoskill.search(query, searchOptions);
      if (options.json) {
        context.json(
          hits.map((hit) => ({
            id: hit.skill.id,
            name: hit.skill.name,
            title: hit.skill.title,
            score: round(hit.score),
            scope: hit.skill.scope,
            owner: hit.skill.owner,
            version: hit.skill.version,
          })),
        );
      } else if (hits.length === 0) {
        context.write('No matching skills.\n');
      } else {
        for (const hit of hits)
          context.write(
            `${hit.score.toFixed(3)}  ${hit.skill.id}  ${hit.skill.title} (v${hit.skill.version}, ${hit.skill.scope === 'user' ? 'user' : `library ${hit.skill.owner}`})\n`,
          );
      }
    } finally {
      await autoskill.close();
    }
  });
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
