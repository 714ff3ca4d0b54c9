import { Anthropic } from '@anthropic-ai/sdk';
import { type EmbeddingModel, InvalidArgumentError, NoSuchModelError } from '@autoskill/core';
import { findLanguageProvider } from '../provider-catalog';
import type { Provider, ProviderSettings } from '../provider-settings';
import { defaultEnvironment, type Environment, readFirstEnv } from '../read-api-key';
import { validateSettings } from '../validate-settings';
import { AnthropicLanguageModel } from './anthropic-language-model';

export interface AnthropicProviderSettings extends ProviderSettings {
  /** Chat model when `languageModel()` gets no id. Default `claude-sonnet-4-6`. */
  defaultModel?: string;
  /** `max_tokens` for calls that set none (the API requires it). Default 4096. */
  defaultMaxTokens?: number;
  /** Body fields added to every request. */
  extraBody?: Record<string, unknown>;
  /** Where `ANTHROPIC_API_KEY` is read when `apiKey` is not given. Default `process.env`. */
  env?: Environment;
}

/** The Anthropic provider: Claude chat models; no embeddings. */
export interface AnthropicProvider extends Provider {
  languageModel(modelId?: string): AnthropicLanguageModel;
}

/**
 * Creates a provider over the official `@anthropic-ai/sdk` client. The SDK's own retries are off
 * and it never reads credentials from files or other environment variables: only `apiKey` or
 * `ANTHROPIC_API_KEY`.
 *
 * @example
 * const anthropic = createAnthropicProvider({ apiKey: process.env.ANTHROPIC_API_KEY });
 * const model = anthropic.languageModel('claude-sonnet-4-6');
 */
export function createAnthropicProvider(
  settings: AnthropicProviderSettings = {},
): AnthropicProvider {
  const entry = findLanguageProvider('anthropic')!;
  const resolved = validateSettings('anthropic', settings, entry.defaultBaseUrl);
  const apiKey =
    resolved.apiKey ?? readFirstEnv(settings.env ?? defaultEnvironment(), entry.apiKeyEnv)?.value;
  if (apiKey === undefined) {
    throw new InvalidArgumentError(
      'apiKey',
      'anthropic needs an API key: set ANTHROPIC_API_KEY or pass --llm-api-key / apiKey',
    );
  }
  const defaultMaxTokens = settings.defaultMaxTokens ?? 4096;
  if (!Number.isInteger(defaultMaxTokens) || defaultMaxTokens < 1) {
    throw new InvalidArgumentError(
      'defaultMaxTokens',
      `expected an integer >= 1, got ${String(defaultMaxTokens)}`,
    );
  }
  const client = new Anthropic({
    apiKey,
    baseURL: resolved.baseUrl,
    timeout: resolved.timeoutMs,
    maxRetries: 0,
    ...(resolved.fetch ? { fetch: resolved.fetch } : {}),
    defaultHeaders: resolved.headers,
  });

  return {
    name: 'anthropic',
    languageModel(modelId) {
      const id = (modelId ?? settings.defaultModel ?? entry.defaultModel ?? '').trim();
      if (id === '')
        throw new InvalidArgumentError(
          'model',
          'expected a Claude model id, e.g. claude-sonnet-4-6',
        );
      return new AnthropicLanguageModel(id, {
        provider: 'anthropic',
        client,
        defaultMaxTokens,
        extraBody: settings.extraBody,
        maxRetries: resolved.maxRetries ?? 0,
        timeoutMs: resolved.timeoutMs,
        streamIdleTimeoutMs: resolved.streamIdleTimeoutMs,
        secrets: [apiKey],
      });
    },
    embeddingModel(modelId?: string): EmbeddingModel {
      throw new NoSuchModelError('anthropic', 'embeddingModel', modelId);
    },
  };
}
