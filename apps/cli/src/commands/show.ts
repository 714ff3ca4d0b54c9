import { SkillNotFoundError } from '@autoskill/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';

/** `autoskill show <id>`: a skill's details, with how often it was retrieved, injected and used. */
export function registerShow(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('show')
      .description("a skill's details and usage (retrieved, injected, judged used, and when last)")
      .argument('<id>', 'skill id')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: StoreOptions & { json?: boolean }) => {
    const autoskill = openAutoSkill(context, options);
    try {
      const skill = await autoskill.get(id);
      if (!skill) {
        const archived = (await autoskill.listArchived()).some((item) => item.id === id);
        throw archived
          ? new SkillNotFoundError(
              id,
              `Skill ${id} is archived: \`autoskill restore ${id}\` brings it back`,
            )
          : new SkillNotFoundError(id);
      }
      const usage = await autoskill.skillUsage(id);
      if (options.json)
        return context.json({
          id: skill.id,
          name: skill.name,
          title: skill.title,
          description: skill.description,
          version: skill.version,
          revision: skill.revision,
          scope: skill.scope,
          owner: skill.owner,
          files: skill.files,
          usage,
        });
      context.line(
        `${skill.title}  (${skill.name}, v${skill.version}, revision ${skill.revision})`,
      );
      context.line(`id:        ${skill.id}`);
      context.line(
        `owner:     ${skill.scope === 'common' ? `library ${skill.owner}` : skill.owner}`,
      );
      context.line(`about:     ${skill.description}`);
      context.line(`retrieved: ${usage.retrieved}×${since(usage.lastRetrievedAt)}`);
      context.line(`injected:  ${usage.injected}×${since(usage.lastInjectedAt)}`);
      context.line(`used:      ${usage.used}×${since(usage.lastUsedAt)}`);
    } finally {
      await autoskill.close();
    }
  });
}

function since(time: string | undefined): string {
  return time ? `, last ${time}` : '';
}
