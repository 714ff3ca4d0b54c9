import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';

export function registerNormalizeIds(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('normalize-ids')
      .description(
        'give every SKILL.md in the store an id (written back into its frontmatter) and report problems',
      )
      .option('--json', 'print JSON'),
  ).action(async (options: StoreOptions & { json?: boolean }) => {
    const autoskill = openAutoSkill(context, options);
    try {
      const report = await autoskill.normalizeIds();
      if (options.json) return context.json(report);
      context.write(
        `${report.skills} skill(s); ${report.assigned.length} id(s) assigned; ${report.errors.length} unreadable SKILL.md file(s)\n`,
      );
      for (const entry of report.assigned)
        context.write(`  assigned ${entry.id} to ${entry.path}\n`);
      for (const entry of report.errors)
        context.write(`  skipped ${entry.path}: ${entry.reason}\n`);
    } finally {
      await autoskill.close();
    }
  });
}
