import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { parseInteger } from '../option-parsers';
import { createProgress } from '../progress';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';
import { learnTrajectories } from './learn-trajectories';

interface LearnCommandOptions extends StoreOptions {
  userId: string;
  file?: string;
  trajectories?: string;
  hint?: string;
  maxMessagesPerConversation: number;
  json?: boolean;
}

export function registerLearn(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('learn')
      .description(
        'learn skills from past conversations or agent trajectories (OpenAI-format JSON or JSONL)',
      )
      .addOption(
        new Option('--user-id <id>', 'whose skills').env('AUTOSKILL_USER_ID').default('u1'),
      )
      .option('--file <file>', 'conversation file (.json or .jsonl), or a folder of them')
      .option(
        '--trajectories <path>',
        'agent runs with tool calls or events: a .json/.jsonl file or a folder of them',
      )
      .option('--hint <text>', 'what to focus on')
      .addOption(
        new Option('--max-messages-per-conversation <n>', 'keep only the last N messages (0 = all)')
          .default(0)
          .argParser(parseInteger('--max-messages-per-conversation', 0, 100_000)),
      )
      .option('--json', 'print the summary as JSON'),
  ).action(async (options: LearnCommandOptions) => {
    if (options.file && options.trajectories)
      throw new UsageError('give --file or --trajectories, not both');
    if (options.trajectories)
      return learnTrajectories(context, { ...options, trajectories: options.trajectories });
    if (!options.file) throw new UsageError('--file (or --trajectories) is required');
    const autoskill = openAutoSkill(context, options);
    const bar = createProgress(
      context.io.stderr,
      'learn [{bar}] {value}/{total} conversations',
      !options.json,
    );
    try {
      const summary = await autoskill.learnFromConversations({
        userId: options.userId,
        file: options.file,
        ...(options.hint ? { hint: options.hint } : {}),
        maxMessagesPerConversation: options.maxMessagesPerConversation,
        onProgress: ({ done, total }) => bar.update(done, total),
      });
      bar.stop();
      // An empty file is a wrong input, not a successful run that learned nothing.
      if (summary.totalConversations === 0)
        throw new UsageError(
          `nothing to learn: ${JSON.stringify(options.file)} holds no conversations`,
        );
      if (options.json) return context.json(summary);
      context.write(
        `Processed ${summary.processed} of ${summary.totalConversations} conversation(s), ${summary.failed} failed; ${summary.added.length} skill(s) added, ${summary.merged.length} merged.\n`,
      );
      for (const skill of summary.added)
        context.write(`  added  ${skill.title} (${skill.id}) v${skill.version}\n`);
      for (const skill of summary.merged)
        context.write(`  merged ${skill.title} (${skill.id}) v${skill.version}\n`);
      for (const error of summary.errors)
        context.write(
          `  error at ${error.file ? `${error.file}:` : ''}${error.index}: ${error.error}\n`,
        );
    } finally {
      bar.stop();
      await autoskill.close();
    }
  });
}
