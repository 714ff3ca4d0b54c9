// @autoskill/providers: LLM and embedding providers over the official `openai` and
// `@anthropic-ai/sdk` clients, the offline `mock` model, and `resolveProviders()` which picks
// them from flags, config and the environment.

// Offline embeddings live in core; re-exported so one import covers every provider.
export { createHashingEmbeddingModel, createNoEmbeddingModel } from '@autoskill/core';
export {
  type AnthropicProvider,
  type AnthropicProviderSettings,
  createAnthropicProvider,
} from './anthropic/index';
export {
  createOfflineLanguageModel,
  OFFLINE_REPLY_PREFIX,
  offlineReply,
} from './mock/offline-language-model';
export { type ModelSettings, mergeModelSettings } from './model-settings';
export {
  createDashScopeProvider,
  createGenericProvider,
  createGlmProvider,
  createInternLMProvider,
  createOpenAIProvider,
  glmBearerToken,
  type OpenAICompatibility,
  type OpenAICompatiblePresetSettings,
  type OpenAIProvider,
  type OpenAIProviderSettings,
  type ThinkingModeStatus,
} from './openai/index';
export {
  type EmbeddingProviderName,
  embeddingProviderNames,
  findEmbeddingProvider,
  findLanguageProvider,
  type LanguageProviderName,
  type ProviderCatalogEntry,
  providerCatalog,
} from './provider-catalog';
export { DEFAULT_TIMEOUT_MS, type Provider, type ProviderSettings } from './provider-settings';
export type { Environment } from './read-api-key';
export {
  type ChosenProvider,
  describeChoice,
  type ResolvedProviders,
  type ResolveProvidersOptions,
  resolveProviders,
} from './resolve-providers';
