import { createInterface } from 'node:readline/promises';
import { assertSafeUserId } from '@autoskill/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

/**
 * `autoskill forget-user <user>`: deletes everything the store holds of one user. Exactly one
 * user id, checked before the store opens; no pattern, no "all". Needs `--yes`, or the user id
 * typed again on a terminal.
 */
export function registerForgetUser(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('forget-user')
      .description(
        'delete everything of one user: skills with their versions, vectors, keyword index entries, chat sessions, learning jobs, drafts and usage (other users and the library are untouched; stop a proxy on this store first or use its DELETE /v1/autoskill/users/{id})',
      )
      .argument('<user>', 'the one user id to forget (no patterns)')
      .option('--yes', 'confirm without asking (scripts)')
      .option('--json', 'print JSON'),
  ).action(async (userId: string, options: StoreOptions & { yes?: boolean; json?: boolean }) => {
    try {
      assertSafeUserId(userId);
    } catch (error) {
      throw new UsageError(
        `forget-user: ${error instanceof Error ? error.message : String(error)} (one user id, no patterns)`,
      );
    }
    if (!options.yes && !(await confirmed(context, userId)))
      throw new UsageError(
        `forget-user deletes everything of user "${userId}" and cannot be undone: add --yes to confirm`,
      );
    const autoskill = openAutoSkill(context, options);
    try {
      const report = await autoskill.forgetUser(userId);
      if (options.json) return context.json(report);
      context.line(
        `Forgot user ${userId}: ${report.deletedSkills} skill(s) with their versions, ${report.forgottenJobs} learning job(s), ${report.removedAreas.length} per-user area(s) (${report.removedAreas.join(', ') || 'none'})`,
      );
    } finally {
      await autoskill.close();
    }
  });
}

/** On a terminal: asks for the user id again; anything else (a pipe, a test) is no. */
async function confirmed(context: CliContext, userId: string): Promise<boolean> {
  const input = context.io.stdin;
  if (!input?.isTTY || !context.io.stdout.isTTY) return false;
  const output = context.io.stdout as unknown as NodeJS.WritableStream;
  const prompt = createInterface({ input, output });
  try {
    const answer = await prompt.question(
      `This deletes everything of user "${userId}". Type the user id to confirm: `,
    );
    return answer.trim() === userId;
  } finally {
    prompt.close();
  }
}
