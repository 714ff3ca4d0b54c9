import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { compact } from '../option-parsers';
import {
  addModelOptions,
  addStoreOptions,
  openAutoSkill,
  type StoreOptions,
} from '../store-options';
import { addTurnOptions, type TurnOptions } from '../turn-options';

interface ChatCommandOptions extends StoreOptions, TurnOptions {
  userId: string;
  plain?: boolean;
  extractLlmProvider?: string;
  extractLlmModel?: string;
  extractLlmBaseUrl?: string;
  extractLlmApiKey?: string;
}

/** `autoskill chat`: the terminal chat (Ink on a terminal, plain lines when piped). */
export function registerChat(program: Command, context: CliContext): void {
  const command = addStoreOptions(
    addTurnOptions(
      program
        .command('chat')
        .description(
          'chat in the terminal with skills injected every turn and learning live (plain lines when piped)',
        )
        .addOption(
          new Option('--user-id <id>', 'whose skills').env('AUTOSKILL_USER_ID').default('u1'),
        ),
    ).option('--plain', 'plain line mode even on a terminal'),
  );
  addModelOptions(command, {
    flag: 'extract-llm',
    provider: 'model for learning (default: the chat model)',
    model: 'learning model id',
    baseUrl: 'learning model base URL',
    apiKey: 'learning model API key',
  });
  command.action((options: ChatCommandOptions) => runChatCommand(context, options));
}

async function runChatCommand(context: CliContext, options: ChatCommandOptions): Promise<void> {
  // Loaded only here: the other commands do not pay for React and Ink.
  const { runChat } = await import('@autoskill/tui');
  const extractLlm = compact({
    provider: options.extractLlmProvider,
    model: options.extractLlmModel,
    baseUrl: options.extractLlmBaseUrl,
    apiKey: options.extractLlmApiKey,
  });
  const autoskill = openAutoSkill(context, options, {
    ...(Object.keys(extractLlm).length ? { extractLlm } : {}),
    // As in the proxy: learning runs on a worker thread, so it never holds up typing or answers.
    learningWorker: options.extractMode !== 'never',
  });
  await runChat({
    autoskill,
    userId: options.userId,
    storeDir: options.storeDir,
    stdin: context.io.stdin ?? process.stdin,
    stdout: context.io.stdout as NodeJS.WritableStream & { isTTY?: boolean },
    plain: options.plain === true,
    settings: {
      skillScope: options.skillScope,
      rewriteMode: options.rewriteMode,
      extractMode: options.extractMode,
      extractTurnLimit: options.extractTurnLimit,
      ingestWindow: options.ingestWindow,
      minScore: options.minScore,
      topK: options.topK,
    },
  });
}
