import type { CliContext } from '../cli-context';
import { createProgress } from '../progress';
import { openAutoSkill, type StoreOptions } from '../store-options';

/** `autoskill learn --trajectories <path>`: one learning step per agent run, then a per-run report. */
export async function learnTrajectories(
  context: CliContext,
  options: StoreOptions & { userId: string; trajectories: string; hint?: string; json?: boolean },
): Promise<void> {
  const autoskill = openAutoSkill(context, options);
  const bar = createProgress(
    context.io.stderr,
    'learn [{bar}] {value}/{total} trajectories',
    !options.json,
  );
  try {
    const summary = await autoskill.learnFromTrajectories({
      userId: options.userId,
      path: options.trajectories,
      ...(options.hint ? { hint: options.hint } : {}),
      onProgress: ({ done, total }) => bar.update(done, total),
    });
    bar.stop();
    if (options.json) return context.json(summary);
    context.write(
      `Processed ${summary.processed} of ${summary.totalTrajectories} trajectory(ies), ${summary.failed} failed; ${summary.added.length} skill(s) added, ${summary.merged.length} merged.\n`,
    );
    for (const run of summary.trajectories) {
      const learned = run.learned.map((skill) => `${skill.title} (${skill.id}) v${skill.version}`);
      context.write(
        learned.length > 0
          ? `  learned ${run.source}: ${learned.join(', ')}\n`
          : `  skipped ${run.source}: ${run.reason}\n`,
      );
    }
    for (const error of summary.errors)
      context.write(`  error at ${error.source}: ${error.error}\n`);
  } finally {
    bar.stop();
    await autoskill.close();
  }
}
