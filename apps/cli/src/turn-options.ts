import { DEFAULT_MIN_INJECT_SCORE } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import { parseChoice, parseInteger, parseScope, parseScore } from './option-parsers';

/** What every chat turn does: retrieval and learning settings (proxy, web and chat alike). */
export interface TurnOptions {
  skillScope: 'user' | 'common' | 'all';
  rewriteMode: 'always' | 'auto' | 'never';
  extractMode: 'auto' | 'always' | 'never';
  extractTurnLimit: number;
  ingestWindow: number;
  minScore: number;
  topK: number;
}

/**
 * Adds the turn flags (`--skill-scope`, `--rewrite-mode`, `--extract-mode`,
 * `--extract-turn-limit`, `--ingest-window`, `--min-score`, `--top-k`) with their AUTOSKILL_*
 * variables, so `proxy`, `web` and `chat` take the same flags with the same defaults.
 */
export function addTurnOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--skill-scope <scope>', 'user | common | all')
        .env('AUTOSKILL_SKILL_SCOPE')
        .default('all')
        .argParser(parseScope('--skill-scope', ['user', 'common', 'all'] as const)),
    )
    .addOption(
      new Option(
        '--rewrite-mode <mode>',
        'auto (only follow-ups that lean on earlier turns) | always | never; needs an LLM',
      )
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
      new Option('--extract-turn-limit <n>', 'with auto: learn every N chat turns of a user')
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
    );
}
