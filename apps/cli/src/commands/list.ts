import type { SearchScope } from '@autoskill/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseScope } from '../option-parsers';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';

interface ListCommandOptions extends StoreOptions {
  userId: string;
  scope: SearchScope;
  json?: boolean;
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
      .option('--json', 'print JSON'),
  ).action(async (options: ListCommandOptions) => {
    const autoskill = openAutoSkill(context, options);
    try {
      const skills = await autoskill.list({ userId: options.userId, scope: options.scope });
      if (options.json) {
        context.json(
          skills.map((skill) => ({
            id: skill.id,
            name: skill.name,
            title: skill.title,
            description: skill.description,
            version: skill.version,
            scope: skill.scope,
            owner: skill.owner,
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
