import { SkillNotFoundError } from '@autoskill/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

export function registerExport(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('export')
      .description('print the SKILL.md of a skill, or write skill folders with --out-dir')
      .argument('[id]', 'skill id')
      .option(
        '--out-dir <dir>',
        "write the skill (or, with --user-id and no id, all of the user's skills) as folders here",
      )
      .option('--user-id <id>', "with --out-dir and no id: export all of this user's skills"),
  ).action(
    async (
      id: string | undefined,
      options: StoreOptions & { outDir?: string; userId?: string },
    ) => {
      if (!id && !(options.outDir && options.userId))
        throw new UsageError('give a skill ID (or --out-dir DIR --user-id U)');
      const autoskill = openAutoSkill(context, options);
      try {
        if (!id && options.outDir && options.userId) {
          const folders = await autoskill.writeSkillDirs({
            userId: options.userId,
            rootDir: options.outDir,
          });
          for (const folder of folders) context.write(`${folder}\n`);
          return;
        }
        const skill = await autoskill.get(id as string);
        if (!skill) throw new SkillNotFoundError(id as string);
        if (options.outDir) {
          context.write(
            `${await autoskill.writeSkillDir(skill.id, { rootDir: options.outDir })}\n`,
          );
          return;
        }
        context.write(await autoskill.exportSkillMd(skill.id));
      } finally {
        await autoskill.close();
      }
    },
  );
}
