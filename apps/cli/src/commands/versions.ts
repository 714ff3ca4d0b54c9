import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInteger } from '../option-parsers';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';

export function registerVersions(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('versions')
      .description('list every kept version of a skill (oldest first)')
      .argument('<id>', 'skill id')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: StoreOptions & { json?: boolean }) => {
    const autoskill = openAutoSkill(context, options);
    try {
      const versions = await autoskill.versions(id);
      if (options.json) return context.json(versions);
      for (const entry of versions) {
        const restored = entry.restoredFrom
          ? ` (restored from revision ${entry.restoredFrom})`
          : '';
        context.write(
          `${entry.current ? '*' : ' '} r${entry.revision}  v${entry.version}  ${entry.savedAt}  ${entry.reason ?? ''}${restored}\n`,
        );
      }
    } finally {
      await autoskill.close();
    }
  });
}

export function registerRollback(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('rollback')
      .description(
        'restore an earlier version of a skill (default: the previous one); history is kept',
      )
      .argument('<id>', 'skill id')
      .option('--to <version>', 'version to restore, e.g. 0.1.0')
      .addOption(
        new Option('--to-revision <n>', 'revision number to restore').argParser(
          parseInteger('--to-revision', 1, Number.MAX_SAFE_INTEGER),
        ),
      )
      .option('--json', 'print JSON'),
  ).action(
    async (
      id: string,
      options: StoreOptions & { to?: string; toRevision?: number; json?: boolean },
    ) => {
      const autoskill = openAutoSkill(context, options);
      try {
        const skill = await autoskill.rollback(id, {
          ...(options.to ? { toVersion: options.to } : {}),
          ...(options.toRevision ? { toRevision: options.toRevision } : {}),
        });
        if (options.json)
          return context.json({
            id: skill.id,
            name: skill.name,
            version: skill.version,
            revision: skill.revision,
          });
        context.write(
          `Restored ${skill.title} (${skill.id}) to v${skill.version} as revision ${skill.revision}\n`,
        );
      } finally {
        await autoskill.close();
      }
    },
  );
}
