import {
  AutoSkill,
  type AutoSkillConfig,
  consoleLogger,
  type Logger,
  type ModelSettings,
} from '@autoskill/sdk';

/** Warnings and errors only; `--verbose` adds the informational lines. */
export const quietLogger: Logger = {
  info: () => {},
  warn: consoleLogger.warn,
  error: consoleLogger.error,
};

import { type Command, Option } from 'commander';
import { UsageError } from './usage-error';

/** Options every store-using command accepts, with AUTOSKILL_* environment fallbacks. */
export interface StoreOptions {
  storeDir: string;
  llmProvider?: string;
  llmModel?: string;
  llmBaseUrl?: string;
  llmApiKey?: string;
  embeddingsProvider?: string;
  embeddingsModel?: string;
  embeddingsBaseUrl?: string;
  embeddingsApiKey?: string;
  embeddingsDims?: number;
  verbose?: boolean;
}

export function addStoreOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--store-dir <dir>', 'store root').env('AUTOSKILL_STORE_DIR').default('Skills'),
    )
    .addOption(
      new Option(
        '--llm-provider <name>',
        'mock | openai | anthropic | dashscope | qwen | internlm | glm | generic',
      ).env('AUTOSKILL_LLM_PROVIDER'),
    )
    .addOption(new Option('--llm-model <model>', 'chat model id').env('AUTOSKILL_LLM_MODEL'))
    .addOption(
      new Option('--llm-base-url <url>', 'OpenAI-compatible base URL').env(
        'AUTOSKILL_LLM_BASE_URL',
      ),
    )
    .addOption(
      new Option('--llm-api-key <key>', 'API key (prefer the vendor env var)').env(
        'AUTOSKILL_LLM_API_KEY',
      ),
    )
    .addOption(
      new Option(
        '--embeddings-provider <name>',
        'hashing | none | openai | dashscope | qwen | glm | generic',
      ).env('AUTOSKILL_EMBEDDINGS_PROVIDER'),
    )
    .addOption(
      new Option('--embeddings-model <model>', 'embedding model id').env(
        'AUTOSKILL_EMBEDDINGS_MODEL',
      ),
    )
    .addOption(
      new Option('--embeddings-base-url <url>', 'embeddings base URL').env(
        'AUTOSKILL_EMBEDDINGS_BASE_URL',
      ),
    )
    .addOption(
      new Option('--embeddings-api-key <key>', 'embeddings API key').env(
        'AUTOSKILL_EMBEDDINGS_API_KEY',
      ),
    )
    .addOption(
      new Option('--embeddings-dims <n>', 'embedding dimensions')
        .env('AUTOSKILL_EMBEDDINGS_DIMS')
        .argParser(parseInteger('--embeddings-dims', 1, 16384)),
    )
    .option('--verbose', 'also log which providers were chosen and index rebuilds (stderr)');
}

export function configFromOptions(
  options: StoreOptions,
  extra: Partial<AutoSkillConfig> = {},
): AutoSkillConfig {
  const llm: ModelSettings = compact({
    provider: options.llmProvider,
    model: options.llmModel,
    baseUrl: options.llmBaseUrl,
    apiKey: options.llmApiKey,
  });
  const embeddings: ModelSettings = compact({
    provider: options.embeddingsProvider,
    model: options.embeddingsModel,
    baseUrl: options.embeddingsBaseUrl,
    apiKey: options.embeddingsApiKey,
    dimensions: options.embeddingsDims,
  });
  return {
    storeDir: options.storeDir,
    llm,
    embeddings,
    logger: options.verbose ? consoleLogger : quietLogger,
    ...extra,
  };
}

export function openAutoSkill(
  options: StoreOptions,
  extra: Partial<AutoSkillConfig> = {},
): AutoSkill {
  return new AutoSkill(configFromOptions(options, extra));
}

export function parseInteger(flag: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new UsageError(`${flag} must be an integer, got ${JSON.stringify(value)}`);
    const number = Number(value);
    if (number < min || number > max)
      throw new UsageError(`${flag} must be between ${min} and ${max}, got ${number}`);
    return number;
  };
}

export function parseScore(flag: string) {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number) || number < 0 || number > 1) {
      throw new UsageError(`${flag} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
    }
    return number;
  };
}

export function parseChoice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    const normalized = (value === 'library' ? 'common' : value) as T;
    if (!choices.includes(normalized))
      throw new UsageError(
        `${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
      );
    return normalized;
  };
}

/** Drops unset and empty entries (flags the user did not give). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== ''),
  ) as T;
}

/** Prints JSON to stdout on one line per value (machine-readable). */
export function printJson(value: unknown, pretty = true): void {
  process.stdout.write(`${pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)}\n`);
}
