import { AutoSkill, type AutoSkillConfig, type ModelSettings } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from './cli-context';
import { compact, parseInteger } from './option-parsers';

/** Options every store-using command accepts, with AUTOSKILL_* environment fallbacks. */
export interface StoreOptions {
  storeDir: string;
  /** PostgreSQL (`postgres://…`) or embedded PGlite (`pglite:///dir`) instead of `storeDir`. */
  databaseUrl?: string;
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
  /** `learned`: learning keeps drafts for `autoskill review` instead of writing skills. */
  review?: 'off' | 'learned';
}

/** What one group of model flags (`--<flag>-provider`, `-model`, `-base-url`, `-api-key`) is for. */
export interface ModelFlagGroup {
  /** Flag stem: `llm` → `--llm-provider`, `--llm-model`, …; env `AUTOSKILL_LLM_PROVIDER`, … */
  flag: string;
  /** Help text of each flag. */
  provider: string;
  model: string;
  baseUrl: string;
  apiKey: string;
}

/** Adds a group of model flags, each with its AUTOSKILL_* environment fallback. */
export function addModelOptions(command: Command, group: ModelFlagGroup): Command {
  const env = (suffix: string) =>
    `AUTOSKILL_${group.flag.toUpperCase().replace(/-/g, '_')}_${suffix}`;
  return command
    .addOption(new Option(`--${group.flag}-provider <name>`, group.provider).env(env('PROVIDER')))
    .addOption(new Option(`--${group.flag}-model <model>`, group.model).env(env('MODEL')))
    .addOption(new Option(`--${group.flag}-base-url <url>`, group.baseUrl).env(env('BASE_URL')))
    .addOption(new Option(`--${group.flag}-api-key <key>`, group.apiKey).env(env('API_KEY')));
}

/** Adds `--store-dir`, the provider flags and `--verbose` to a command. */
export function addStoreOptions(command: Command): Command {
  command.addOption(
    new Option('--store-dir <dir>', 'store root').env('AUTOSKILL_STORE_DIR').default('Skills'),
  );
  addDatabaseUrlOption(command, 'keep skills and vectors in this database instead of --store-dir');
  addModelOptions(command, {
    flag: 'llm',
    provider: 'mock | openai | anthropic | dashscope | qwen | internlm | glm | generic',
    model: 'chat model id',
    baseUrl: 'OpenAI-compatible base URL',
    apiKey: 'API key (prefer the vendor env var)',
  });
  addModelOptions(command, {
    flag: 'embeddings',
    provider: 'hashing | none | openai | dashscope | qwen | glm | generic',
    model: 'embedding model id',
    baseUrl: 'embeddings base URL',
    apiKey: 'embeddings API key',
  });
  return command
    .addOption(
      new Option('--embeddings-dims <n>', 'embedding dimensions')
        .env('AUTOSKILL_EMBEDDINGS_DIMS')
        .argParser(parseInteger('--embeddings-dims', 1, 16384)),
    )
    .addOption(
      new Option(
        '--review <mode>',
        'learned: what learning adds or merges waits as a draft for `autoskill review` (default off)',
      )
        .choices(['off', 'learned'])
        .env('AUTOSKILL_REVIEW'),
    )
    .option('--verbose', 'also log which providers were chosen and index rebuilds (stderr)');
}

/** `--database-url <url>` (env DATABASE_URL): postgres://…, pglite:///absolute/dir or pglite://memory. */
export function addDatabaseUrlOption(command: Command, description: string): Command {
  return command.addOption(
    new Option(
      '--database-url <url>',
      `${description} (postgres://user@host/db[?schema=name], pglite:///absolute/dir, pglite://memory)`,
    ).env('DATABASE_URL'),
  );
}

/** The SDK config the store flags describe, reading keys from the run's environment. */
export function configFromOptions(
  context: CliContext,
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
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    llm,
    embeddings,
    env: context.env,
    logger: context.logger(options.verbose === true),
    ...(options.review ? { review: options.review } : {}),
    ...extra,
  };
}

/** An AutoSkill client for the store the flags name. */
export function openAutoSkill(
  context: CliContext,
  options: StoreOptions,
  extra: Partial<AutoSkillConfig> = {},
): AutoSkill {
  return new AutoSkill(configFromOptions(context, options, extra));
}
