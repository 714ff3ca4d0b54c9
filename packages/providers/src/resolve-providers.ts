import {
  createHashingEmbeddingModel,
  createNoEmbeddingModel,
  type EmbeddingModel,
  InvalidArgumentError,
  type LanguageModel,
} from '@autoskill/core';
import { createAnthropicProvider } from './anthropic/anthropic-provider';
import { createOfflineLanguageModel } from './mock/offline-language-model';
import { type ModelSettings, mergeModelSettings } from './model-settings';
import {
  createDashScopeProvider,
  createGenericProvider,
  createGlmProvider,
  createInternLMProvider,
} from './openai/openai-compatible-presets';
import { createOpenAIProvider, type OpenAIProviderSettings } from './openai/openai-provider';
import {
  type EmbeddingProviderName,
  embeddingProviderNames,
  findEmbeddingProvider,
  findLanguageProvider,
  type LanguageProviderName,
  type ProviderCatalogEntry,
  providerCatalog,
} from './provider-catalog';
import { defaultEnvironment, type Environment, readFirstEnv } from './read-api-key';

export interface ResolveProvidersOptions {
  /** LLM settings; an array is merged first-wins (e.g. `[flags, config]`). */
  llm?: ModelSettings | ReadonlyArray<ModelSettings | undefined>;
  /** Embedding settings; an array is merged first-wins. */
  embeddings?: ModelSettings | ReadonlyArray<ModelSettings | undefined>;
  /** Where API keys and defaults are read. Default `process.env`. */
  env?: Environment;
  /** Receives ONE line saying what was chosen and why (never a key). */
  logger?: { info(message: string): void };
}

export interface ChosenProvider {
  provider: string;
  model: string;
  /** Why it was chosen, e.g. `--llm-provider/config`, `DASHSCOPE_API_KEY is set`. */
  reason: string;
}

export interface ResolvedProviders {
  languageModel: LanguageModel;
  embeddingModel: EmbeddingModel;
  chosen: { llm: ChosenProvider; embeddings: ChosenProvider & { dimensions: number | undefined } };
}

/** Environment variables for the generic provider's embeddings (it has no default model). */
const GENERIC_EMBEDDINGS_MODEL_ENV = 'AUTOSKILL_GENERIC_EMBEDDINGS_MODEL';
const GENERIC_EMBEDDINGS_URL_ENV = 'AUTOSKILL_GENERIC_EMBEDDINGS_URL';

/**
 * Picks the chat and embedding models: explicit settings (flags, config) first; otherwise the
 * first API key found in the environment picks the vendor (generic URL, DashScope, GLM,
 * InternLM, OpenAI, Anthropic — the original's order); otherwise the offline defaults (`mock` +
 * `hashing`). Embeddings follow the LLM vendor unless chosen explicitly. Logs one line.
 *
 * @example
 * const { languageModel, embeddingModel, chosen } = resolveProviders({ llm: { provider: 'qwen' } });
 */
export function resolveProviders(options: ResolveProvidersOptions = {}): ResolvedProviders {
  const env = options.env ?? defaultEnvironment();
  const llmSettings = mergeModelSettings(toLayers(options.llm));
  const embeddingSettings = mergeModelSettings(toLayers(options.embeddings));

  const llm = resolveLanguageModel(llmSettings, env);
  const embeddings = resolveEmbeddingModel(embeddingSettings, llm, env);
  const result: ResolvedProviders = {
    languageModel: llm.model,
    embeddingModel: embeddings.model,
    chosen: {
      llm: { provider: llm.entry.name, model: llm.model.modelId, reason: llm.reason },
      embeddings: {
        provider: embeddings.model.provider,
        model: embeddings.model.modelId,
        dimensions: embeddings.model.dimensions,
        reason: embeddings.reason,
      },
    },
  };
  options.logger?.info(describeChoice(result));
  return result;
}

/** The one log line, e.g. `LLM: dashscope qwen-plus (DASHSCOPE_API_KEY is set); embeddings: …`. */
export function describeChoice(resolved: Pick<ResolvedProviders, 'chosen'>): string {
  const { llm, embeddings } = resolved.chosen;
  const size = embeddings.dimensions === undefined ? '' : `, ${embeddings.dimensions} dims`;
  return `LLM: ${llm.provider} ${llm.model} (${llm.reason}); embeddings: ${embeddings.provider} ${embeddings.model}${size} (${embeddings.reason})`;
}

function toLayers(value: ResolveProvidersOptions['llm']): ReadonlyArray<ModelSettings | undefined> {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as ModelSettings];
}

interface LanguageChoice {
  entry: ProviderCatalogEntry;
  model: LanguageModel;
  reason: string;
  /** The key and URL actually used, so same-vendor embeddings can reuse them. */
  apiKey: string | undefined;
  baseUrl: string | undefined;
}

function resolveLanguageModel(settings: ModelSettings, env: Environment): LanguageChoice {
  let entry: ProviderCatalogEntry;
  let reason: string;
  if (settings.provider !== undefined) {
    const found = findLanguageProvider(String(settings.provider));
    if (!found) {
      const names = providerCatalog
        .map((candidate) => [candidate.name, ...candidate.aliases].join('/'))
        .join(', ');
      throw new InvalidArgumentError(
        'llm provider',
        `unknown ${JSON.stringify(settings.provider)}; expected one of ${names}`,
      );
    }
    entry = found;
    reason = 'chosen by flag or config';
  } else if (settings.baseUrl !== undefined) {
    entry = findLanguageProvider('generic')!;
    reason = 'a base URL was given';
  } else {
    const picked = pickFromEnvironment(env);
    entry = picked?.entry ?? findLanguageProvider('mock')!;
    reason = picked ? `${picked.variable} is set` : 'no API key in the environment: offline mode';
  }

  if (entry.name === 'mock') {
    const model = createOfflineLanguageModel({ modelId: settings.model });
    return { entry, model, reason, apiKey: undefined, baseUrl: undefined };
  }
  const apiKey = settings.apiKey ?? readFirstEnv(env, entry.apiKeyEnv)?.value;
  const baseUrl =
    settings.baseUrl ?? readFirstEnv(env, entry.baseUrlEnv)?.value ?? entry.defaultBaseUrl;
  const modelId = settings.model ?? readFirstEnv(env, entry.modelEnv)?.value ?? entry.defaultModel;
  const common = {
    apiKey,
    baseUrl,
    env,
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.streamIdleTimeoutMs === undefined
      ? {}
      : { streamIdleTimeoutMs: settings.streamIdleTimeoutMs }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.headers === undefined ? {} : { headers: settings.headers }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.extraBody === undefined ? {} : { extraBody: settings.extraBody }),
  };
  const model = createLanguageProvider(entry.name, common, settings, env).languageModel(modelId);
  return { entry, model, reason, apiKey, baseUrl };
}

function createLanguageProvider(
  name: LanguageProviderName,
  common: OpenAIProviderSettings,
  settings: ModelSettings,
  env: Environment,
) {
  switch (name) {
    case 'openai':
      return createOpenAIProvider(common);
    case 'dashscope':
      return createDashScopeProvider(common);
    case 'glm':
      return createGlmProvider(common);
    case 'internlm': {
      const fromEnv = env.INTERNLM_THINKING_MODE?.trim();
      const thinkingMode =
        typeof settings.thinkingMode === 'boolean'
          ? settings.thinkingMode
          : fromEnv
            ? !/^(0|false|off|no)$/i.test(fromEnv)
            : true;
      return createInternLMProvider({ ...common, thinkingMode });
    }
    case 'generic':
      return createGenericProvider(common);
    case 'anthropic':
      return createAnthropicProvider(common);
    default:
      throw new InvalidArgumentError('llm provider', `no factory for ${name}`);
  }
}

function pickFromEnvironment(
  env: Environment,
): { entry: ProviderCatalogEntry; variable: string } | undefined {
  for (const entry of providerCatalog) {
    if (entry.name === 'mock') continue;
    // The generic provider is picked by its URL (its key is optional); the others by their key.
    const found = readFirstEnv(env, entry.name === 'generic' ? entry.baseUrlEnv : entry.apiKeyEnv);
    if (found) return { entry, variable: found.name };
  }
  return undefined;
}

function resolveEmbeddingModel(
  settings: ModelSettings,
  llm: LanguageChoice,
  env: Environment,
): { model: EmbeddingModel; reason: string } {
  let name: EmbeddingProviderName;
  let reason: string;
  if (settings.provider !== undefined) {
    const found = findEmbeddingProvider(String(settings.provider));
    if (!found) {
      throw new InvalidArgumentError(
        'embeddings provider',
        `unknown ${JSON.stringify(settings.provider)}; expected one of ${embeddingProviderNames.join(', ')}`,
      );
    }
    name = found;
    reason = 'chosen by flag or config';
  } else {
    ({ name, reason } = defaultEmbeddingsFor(llm, settings, env));
  }

  if (name === 'hashing') {
    const dimensions = typeof settings.dimensions === 'number' ? settings.dimensions : undefined;
    return {
      model: createHashingEmbeddingModel(dimensions === undefined ? {} : { dimensions }),
      reason,
    };
  }
  if (name === 'none') return { model: createNoEmbeddingModel(), reason };

  const entry = findLanguageProvider(name)!;
  // Same vendor as the LLM: reuse its key and endpoint unless the embeddings settings name others.
  const sameVendor = llm.entry.name === name;
  const apiKey =
    settings.apiKey ??
    (sameVendor ? llm.apiKey : undefined) ??
    readFirstEnv(env, entry.apiKeyEnv)?.value;
  const baseUrl =
    settings.baseUrl ??
    (name === 'generic' ? readFirstEnv(env, [GENERIC_EMBEDDINGS_URL_ENV])?.value : undefined) ??
    (sameVendor ? llm.baseUrl : undefined) ??
    readFirstEnv(env, entry.baseUrlEnv)?.value ??
    entry.defaultBaseUrl;
  const modelId =
    settings.model ??
    (name === 'generic' ? readFirstEnv(env, [GENERIC_EMBEDDINGS_MODEL_ENV])?.value : undefined) ??
    entry.embeddingModel;
  const common: OpenAIProviderSettings = {
    apiKey,
    baseUrl,
    env,
    ...(typeof settings.dimensions === 'number'
      ? { embeddingDimensions: settings.dimensions }
      : {}),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.headers === undefined ? {} : { headers: settings.headers }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.extraBody === undefined ? {} : { embeddingExtraBody: settings.extraBody }),
  };
  const provider =
    name === 'openai'
      ? createOpenAIProvider(common)
      : name === 'dashscope'
        ? createDashScopeProvider(common)
        : name === 'glm'
          ? createGlmProvider(common)
          : createGenericProvider(common);
  return { model: provider.embeddingModel(modelId), reason };
}

function defaultEmbeddingsFor(
  llm: LanguageChoice,
  settings: ModelSettings,
  env: Environment,
): { name: EmbeddingProviderName; reason: string } {
  const because = `default for the ${llm.entry.name} LLM`;
  switch (llm.entry.name) {
    case 'openai':
    case 'dashscope':
    case 'glm':
      return { name: llm.entry.name, reason: because };
    case 'generic':
      return settings.model !== undefined || readFirstEnv(env, [GENERIC_EMBEDDINGS_MODEL_ENV])
        ? { name: 'generic', reason: because }
        : { name: 'hashing', reason: `${because}: no ${GENERIC_EMBEDDINGS_MODEL_ENV} set` };
    case 'anthropic':
      return readFirstEnv(env, ['OPENAI_API_KEY'])
        ? { name: 'openai', reason: `${because}: OPENAI_API_KEY is set` }
        : {
            name: 'hashing',
            reason: `${because}: Anthropic has no embeddings and OPENAI_API_KEY is not set`,
          };
    default:
      return { name: 'hashing', reason: `${because}: offline` };
  }
}
