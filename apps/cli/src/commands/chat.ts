import { DEFAULT_MIN_INJECT_SCORE } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { compact, parseChoice, parseInteger, parseScope, parseScore } from '../option-parsers';
import {
  addModelOptions,
  addStoreOptions,
  openAutoSkill,
  type StoreOptions,
} from '../store-options';

interface ChatCommandOptions extends StoreOptions {
  userId: string;
  skillScope: 'user' | 'common' | 'all';
  rewriteMode: 'always' | 'auto' | 'never';
  extractMode: 'auto' | 'always' | 'never';
  extractTurnLimit: number;
  ingestWindow: number;
  minScore: number;
  topK: number;
  plain?: boolean;
  extractLlmProvider?: string;
  extractLlmModel?: string;
  extractLlmBaseUrl?: string;
  extractLlmApiKey?: string;
}

/** `autoskill chat`: the terminal chat (Ink on a terminal, plain lines when piped). */
export function registerChat(program: Command, context: CliContext): void {
  const command = addStoreOptions(
    program
      .command('chat')
      .description(
        'chat in the terminal with skills injected every turn and learning live (plain lines when piped)',
      )
      .addOption(
        new Option('--user-id <id>', 'whose skills').env('AUTOSKILL_USER_ID').default('u1'),
      )
      .addOption(
        new Option('--skill-scope <scope>', 'user | common | all')
          .env('AUTOSKILL_SKILL_SCOPE')
          .default('all')
          .argParser(parseScope('--skill-scope', ['user', 'common', 'all'] as const)),
      )
      .addOption(
        new Option('--rewrite-mode <mode>', 'always | auto | never (needs an LLM)')
          .env('AUTOSKILL_REWRITE_MODE')
          .default('auto')
          .argParser(parseChoice('--rewrite-mode', ['always', 'auto', 'never'] as const)),
      )
      .addOption(
        new Option('--extract-mode <mode>', 'auto | always | never')
          .env('AUTOSKILL_EXTRACT_MODE')
          .default('auto')
          .argParser(parseChoice('--extract-mode', ['auto', 'always', 'never'] as const)),
      )
      .addOption(
        new Option('--extract-turn-limit <n>', 'with auto: learn every N turns')
          .env('AUTOSKILL_EXTRACT_TURN_LIMIT')
          .default(1)
          .argParser(parseInteger('--extract-turn-limit', 1, 1000)),
      )
      .addOption(
        new Option('--ingest-window <n>', 'messages a learning job sees')
          .env('AUTOSKILL_INGEST_WINDOW')
          .default(6)
          .argParser(parseInteger('--ingest-window', 2, 200)),
      )
      .addOption(
        new Option('--min-score <x>', 'hits below this are not injected')
          .env('AUTOSKILL_MIN_SCORE')
          .default(DEFAULT_MIN_INJECT_SCORE)
          .argParser(parseScore('--min-score')),
      )
      .addOption(
        new Option('--top-k <n>', 'skills injected at most')
          .env('AUTOSKILL_TOP_K')
          .default(1)
          .argParser(parseInteger('--top-k', 0, 50)),
      )
      .option('--plain', 'plain line mode even on a terminal'),
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
