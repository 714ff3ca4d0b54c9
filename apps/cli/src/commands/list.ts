import type { SearchScope } from '@autoskill/core';
import type { AutoSkill } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseScope } from '../option-parsers';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';

interface ListCommandOptions extends StoreOptions {
  userId: string;
  scope: SearchScope;
  json?: boolean;
  archived?: boolean;
}

export function registerList(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('list')
      .description("list a user's skills, the library, or both")
      .addOption(
        new Option('--user-id <id>', 'whose skills').env('AUTOSKILL_USER_ID').default('u1'),
      )
      .addOption(
        new Option('--scope <scope>', 'user | common | all')
          .default('user')
          .argParser(parseScope('--scope', ['user', 'common', 'all'] as const)),
      )
      .option(
        '--archived',
        'list archived (pruned) skills instead; `autoskill restore <id>` brings one back',
      )
      .option(
        '--json',
        "print JSON (with each skill's usage: retrieved, injected, used, and when last)",
      ),
  ).action(async (options: ListCommandOptions) => {
    const autoskill = openAutoSkill(context, options);
    try {
      if (options.archived) return await listArchived(context, autoskill, options);
      const skills = await autoskill.list({ userId: options.userId, scope: options.scope });
      if (options.json) {
        const usage = await autoskill.usageStats();
        context.json(
          skills.map((skill) => ({
            id: skill.id,
            name: skill.name,
            title: skill.title,
            description: skill.description,
            version: skill.version,
            scope: skill.scope,
            owner: skill.owner,
            usage: usage.get(skill.id) ?? { retrieved: 0, injected: 0, used: 0 },
          })),
        );
        return;
      }
      if (skills.length === 0) context.write('No skills.\n');
      for (const skill of skills)
        context.write(
          `${skill.id}  v${skill.version}  ${skill.title}${skill.scope === 'common' ? `  [library ${skill.owner}]` : ''}\n`,
        );
    } finally {
      await autoskill.close();
    }
  });
}

async function listArchived(
  context: CliContext,
  autoskill: AutoSkill,
  options: ListCommandOptions,
): Promise<void> {
  const archived = await autoskill.listArchived({ userId: options.userId, scope: options.scope });
  if (options.json) return context.json(archived);
  if (archived.length === 0) context.write('No archived skills.\n');
  for (const skill of archived)
    context.write(
      `${skill.id}  v${skill.version}  ${skill.title}  archived ${skill.archivedAt}${skill.reason ? ` (${skill.reason})` : ''}\n`,
    );
}
