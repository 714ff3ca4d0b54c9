import { AutoSkill, type AutoSkillConfig, type ModelSettings } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from './cli-context';
import { compact, parseInteger } from './option-parsers';

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

/** Adds `--store-dir`, the provider flags and `--verbose` to a command. */
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
    llm,
    embeddings,
    env: context.env,
    logger: context.logger(options.verbose === true),
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
