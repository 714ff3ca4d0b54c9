import { type PruneResult, parseDuration } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface PruneCommandOptions extends StoreOptions {
  unusedFor: number;
  userId?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `autoskill prune --unused-for 30d [--dry-run]`: archives user skills not used within the
 * window (undo with `autoskill restore <id>`); `--dry-run` only lists them.
 */
export function registerPrune(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('prune')
      .description(
        'archive user skills not used (nor changed) within a window; archived skills leave listing and retrieval and come back with `autoskill restore <id>`',
      )
      .addOption(
        new Option('--unused-for <window>', 'e.g. 30d, 12h, 2w')
          .makeOptionMandatory()
          .argParser((value) => {
            try {
              return parseDuration(value, '--unused-for');
            } catch (error) {
              throw new UsageError((error as Error).message);
            }
          }),
      )
      .option('--user-id <id>', "only this user's skills (default: every user's)")
      .option('--dry-run', 'only list what would be archived')
      .option('--json', 'print JSON'),
  ).action(async (options: PruneCommandOptions) => {
    const autoskill = openAutoSkill(context, options);
    try {
      const result = await autoskill.prune({
        unusedForMs: options.unusedFor,
        dryRun: options.dryRun === true,
        ...(options.userId === undefined ? {} : { userId: options.userId }),
      });
      if (options.json) return context.json(result);
      printPrune(context, result);
    } finally {
      await autoskill.close();
    }
  });
}

function printPrune(context: CliContext, result: PruneResult): void {
  const verb = result.dryRun ? 'Would archive' : 'Archived';
  context.line(
    `${verb} ${result.skills.length} of ${result.checked} user skill(s) with no use or change since ${result.cutoff}`,
  );
  for (const skill of result.skills)
    context.line(`  ${skill.id}  ${skill.owner}  ${skill.title}  (${skill.reason})`);
  if (!result.dryRun && result.skills.length > 0)
    context.line('Undo with: autoskill restore <id>   (list them: autoskill list --archived)');
}

/** `autoskill restore <id>`: brings an archived skill back with its full version history. */
export function registerRestore(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('restore')
      .description('bring an archived (pruned) skill back with its full version history')
      .argument('<id>', 'skill id (see `autoskill list --archived`)')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: StoreOptions & { json?: boolean }) => {
    const autoskill = openAutoSkill(context, options);
    try {
      const skill = await autoskill.restore(id);
      if (options.json)
        return context.json({
          id: skill.id,
          name: skill.name,
          version: skill.version,
          revision: skill.revision,
          scope: skill.scope,
          owner: skill.owner,
        });
      context.line(
        `Restored ${skill.title} (${skill.id}) v${skill.version}, revision ${skill.revision}`,
      );
    } finally {
      await autoskill.close();
    }
  });
}
