import { InvalidArgumentError } from '@autoskill/core';
import { OpenAI } from 'openai';
import type { Provider, ProviderSettings } from '../provider-settings';
import { defaultEnvironment, type Environment, readFirstEnv } from '../read-api-key';
import { validateSettings } from '../validate-settings';
import { OpenAIEmbeddingModel } from './openai-embedding-model';
import { type OpenAICompatibility, OpenAILanguageModel } from './openai-language-model';

export interface OpenAIProviderSettings extends ProviderSettings {
  /** Provider id in errors, logs and embedding signatures. Default `openai`. */
  name?: string;
  /** Chat model when `languageModel()` gets no id. Default `gpt-4o-mini`. */
  defaultModel?: string;
  /** Embedding model when `embeddingModel()` gets no id. Default `text-embedding-3-small`. */
  defaultEmbeddingModel?: string;
  /** Largest embeddings batch per request. Default 256. */
  maxEmbeddingsPerCall?: number;
  /** Embedding inputs longer than this (text units: words, CJK characters) are cut in the middle. Default 6000. */
  embeddingMaxInputUnits?: number;
  /** Requested embedding size (`dimensions` field), for models that support it. */
  embeddingDimensions?: number;
  /** Body fields added to every chat request (e.g. `{ enable_thinking: false }`). */
  extraBody?: Record<string, unknown>;
  /** Body fields added to every embeddings request. */
  embeddingExtraBody?: Record<string, unknown>;
  /** Vendor differences; defaults are OpenAI's. */
  compatibility?: Partial<OpenAICompatibility>;
  /** `float` asks for JSON numbers; default lets the SDK use base64 (OpenAI only). */
  embeddingEncodingFormat?: 'float';
  /** InternLM thinking mode: sent as `thinking_mode`; omitted when undefined. */
  thinkingMode?: boolean;
  /** Set false for servers without auth (Ollama, vLLM): no Authorization header. Default true. */
  requireApiKey?: boolean;
  /** Environment variables to read the key from when `apiKey` is not given. Default `OPENAI_API_KEY`. */
  apiKeyEnv?: string[];
  /** Where those variables are read. Default `process.env`. */
  env?: Environment;
  /**
   * Turns the API key into the bearer token of each request (GLM: a signed JWT). Default: the
   * key as is.
   */
  bearerToken?: (apiKey: string) => string;
}

/** An OpenAI-compatible provider: chat and embedding models sharing one SDK client. */
export interface OpenAIProvider extends Provider {
  languageModel(modelId?: string): OpenAILanguageModel;
  embeddingModel(modelId?: string): OpenAIEmbeddingModel;
}

const KNOWN_EMBEDDING_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'embedding-3': 2048,
  'embedding-2': 1024,
};

/**
 * Creates a provider over the official `openai` client. The SDK's own retries are off; see
 * `maxRetries`. Presets (`createDashScopeProvider`, …) call this with vendor defaults.
 *
 * @example
 * const openai = createOpenAIProvider({ apiKey: process.env.OPENAI_API_KEY });
 * const { text } = await generateText({ model: openai.languageModel('gpt-4o-mini'), prompt: 'Hi' });
 */
export function createOpenAIProvider(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  const name = settings.name ?? 'openai';
  // Only OpenAI itself has a default endpoint; a renamed/compatible provider must give its own.
  const resolved = validateSettings(
    name,
    settings,
    name === 'openai' ? 'https://api.openai.com/v1' : undefined,
  );
  const apiKeyEnv = settings.apiKeyEnv ?? ['OPENAI_API_KEY'];
  const apiKey =
    resolved.apiKey ?? readFirstEnv(settings.env ?? defaultEnvironment(), apiKeyEnv)?.value;
  const requireApiKey = settings.requireApiKey ?? true;
  if (requireApiKey && apiKey === undefined) {
    throw new InvalidArgumentError(
      'apiKey',
      `${name} needs an API key: set ${apiKeyEnv.join(' or ') || 'one'} or pass --llm-api-key / apiKey`,
    );
  }
  const maxEmbeddingsPerCall = settings.maxEmbeddingsPerCall ?? 256;
  if (!Number.isInteger(maxEmbeddingsPerCall) || maxEmbeddingsPerCall < 1) {
    throw new InvalidArgumentError(
      'maxEmbeddingsPerCall',
      `expected an integer >= 1, got ${String(maxEmbeddingsPerCall)}`,
    );
  }
  const embeddingMaxInputUnits = settings.embeddingMaxInputUnits ?? 6000;
  if (!Number.isInteger(embeddingMaxInputUnits) || embeddingMaxInputUnits < 16) {
    throw new InvalidArgumentError(
      'embeddingMaxInputUnits',
      `expected an integer >= 16, got ${String(embeddingMaxInputUnits)}`,
    );
  }
  const embeddingDimensions = settings.embeddingDimensions;
  if (
    embeddingDimensions !== undefined &&
    !(Number.isInteger(embeddingDimensions) && embeddingDimensions > 0)
  ) {
    throw new InvalidArgumentError(
      'dimensions',
      `expected a positive integer, got ${String(embeddingDimensions)}`,
    );
  }

  const client = new OpenAI({
    // The SDK insists on a key; a keyless server gets no Authorization header at all (below).
    apiKey:
      apiKey === undefined
        ? 'no-key'
        : settings.bearerToken
          ? // Called before every request, so an expiring token is renewed in time.
            async () => (settings.bearerToken as (key: string) => string)(apiKey)
          : apiKey,
    baseURL: resolved.baseUrl,
    // Explicit nulls: never pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID meant for another vendor.
    organization: null,
    project: null,
    timeout: resolved.timeoutMs,
    maxRetries: 0,
    ...(resolved.fetch ? { fetch: resolved.fetch } : {}),
    defaultHeaders: {
      ...resolved.headers,
      ...(apiKey === undefined ? { Authorization: null } : {}),
    },
  });
  const secrets = apiKey === undefined ? [] : [apiKey];
  const compatibility: OpenAICompatibility = {
    maxTokensField: 'max_completion_tokens',
    jsonMode: true,
    streamUsage: true,
    ...settings.compatibility,
  };

  return {
    name,
    languageModel(modelId) {
      const id = requireModelId(
        modelId ?? settings.defaultModel ?? (name === 'openai' ? 'gpt-4o-mini' : undefined),
        name,
        'llm',
      );
      return new OpenAILanguageModel(id, {
        provider: name,
        client,
        compatibility,
        extraBody: settings.extraBody,
        thinkingMode: settings.thinkingMode,
        maxRetries: resolved.maxRetries ?? 0,
        timeoutMs: resolved.timeoutMs,
        streamIdleTimeoutMs: resolved.streamIdleTimeoutMs,
        secrets,
      });
    },
    embeddingModel(modelId) {
      const id = requireModelId(
        modelId ??
          settings.defaultEmbeddingModel ??
          (name === 'openai' ? 'text-embedding-3-small' : undefined),
        name,
        'embeddings',
      );
      return new OpenAIEmbeddingModel(id, {
        provider: name,
        client,
        maxEmbeddingsPerCall,
        dimensions: embeddingDimensions,
        knownDimensions: KNOWN_EMBEDDING_DIMENSIONS[id],
        encodingFormat: settings.embeddingEncodingFormat,
        extraBody: settings.embeddingExtraBody,
        maxInputUnits: embeddingMaxInputUnits,
        maxRetries: resolved.maxRetries ?? 2,
        timeoutMs: resolved.timeoutMs,
        secrets,
      });
    },
  };
}

function requireModelId(
  modelId: string | undefined,
  provider: string,
  kind: 'llm' | 'embeddings',
): string {
  if (typeof modelId !== 'string' || modelId.trim() === '') {
    throw new InvalidArgumentError(
      'model',
      `${provider} has no default ${kind === 'llm' ? 'chat' : 'embedding'} model: pass --${kind}-model <name>`,
    );
  }
  return modelId.trim();
}
