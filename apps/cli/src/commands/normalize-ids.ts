import type { Command } from 'commander';
import { addStoreOptions, openAutoSkill, printJson, type StoreOptions } from '../shared-options';

export function registerNormalizeIds(program: Command): void {
  addStoreOptions(
    program
      .command('normalize-ids')
      .description(
        'give every SKILL.md in the store an id (written back into its frontmatter) and report problems',
      )
      .option('--json', 'print JSON'),
  ).action(async (options: StoreOptions & { json?: boolean }) => {
    const autoskill = openAutoSkill(options);
    try {
      const report = await autoskill.normalizeIds();
      if (options.json) return printJson(report);
      process.stdout.write(
        `${report.skills} skill(s); ${report.assigned.length} id(s) assigned; ${report.errors.length} unreadable SKILL.md file(s)\n`,
      );
      for (const entry of report.assigned)
        process.stdout.write(`  assigned ${entry.id} to ${entry.path}\n`);
      for (const entry of report.errors)
        process.stdout.write(`  skipped ${entry.path}: ${entry.reason}\n`);
    } finally {
      await autoskill.close();
    }
  });
}
