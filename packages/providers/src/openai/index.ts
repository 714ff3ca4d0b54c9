export { glmBearerToken } from './glm-auth-token';
export { mapOpenAIError } from './map-openai-error';
export {
  createDashScopeProvider,
  createGenericProvider,
  createGlmProvider,
  createInternLMProvider,
  type OpenAICompatiblePresetSettings,
} from './openai-compatible-presets';
export { OpenAIEmbeddingModel, type OpenAIEmbeddingModelConfig } from './openai-embedding-model';
export {
  type OpenAICompatibility,
  OpenAILanguageModel,
  type OpenAILanguageModelConfig,
  type ThinkingModeStatus,
} from './openai-language-model';
export {
  createOpenAIProvider,
  type OpenAIProvider,
  type OpenAIProviderSettings,
} from './openai-provider';
