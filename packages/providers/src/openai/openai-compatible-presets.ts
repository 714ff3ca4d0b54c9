import { findLanguageProvider } from '../provider-catalog';
import { glmBearerToken } from './glm-auth-token';
import {
  createOpenAIProvider,
  type OpenAIProvider,
  type OpenAIProviderSettings,
} from './openai-provider';

/** Settings of a preset: the same as `createOpenAIProvider`, with the vendor's defaults filled in. */
export type OpenAICompatiblePresetSettings = Omit<OpenAIProviderSettings, 'name'>;

function catalog(name: string) {
  const entry = findLanguageProvider(name);
  if (!entry) throw new Error(`provider catalog has no ${name}`);
  return entry;
}

/**
 * Alibaba Cloud DashScope (Qwen) in OpenAI-compatible mode. Key: `DASHSCOPE_API_KEY`.
 * Embeddings: `text-embedding-v4`, 1024 dimensions, at most 10 texts per request.
 */
export function createDashScopeProvider(
  settings: OpenAICompatiblePresetSettings = {},
): OpenAIProvider {
  const entry = catalog('dashscope');
  return createOpenAIProvider({
    baseUrl: entry.defaultBaseUrl,
    defaultModel: entry.defaultModel,
    defaultEmbeddingModel: entry.embeddingModel,
    maxEmbeddingsPerCall: entry.maxEmbeddingsPerCall,
    embeddingDimensions: 1024,
    embeddingEncodingFormat: 'float',
    apiKeyEnv: entry.apiKeyEnv,
    ...settings,
    compatibility: {
      maxTokensField: 'max_tokens',
      jsonMode: true,
      streamUsage: true,
      ...settings.compatibility,
    },
    name: 'dashscope',
  });
}

/**
 * Zhipu BigModel (GLM). A key in `id.secret` form is sent as the signed JWT BigModel expects
 * (`glmBearerToken`, renewed before it expires); a key without a dot is sent as is.
 * Key: `ZHIPUAI_API_KEY` or `BIGMODEL_API_KEY`. Embeddings: `embedding-3`.
 */
export function createGlmProvider(settings: OpenAICompatiblePresetSettings = {}): OpenAIProvider {
  const entry = catalog('glm');
  return createOpenAIProvider({
    baseUrl: entry.defaultBaseUrl,
    defaultModel: entry.defaultModel,
    defaultEmbeddingModel: entry.embeddingModel,
    maxEmbeddingsPerCall: entry.maxEmbeddingsPerCall,
    // embedding-3 accepts 3072 tokens per input.
    embeddingMaxInputUnits: 2000,
    embeddingEncodingFormat: 'float',
    apiKeyEnv: entry.apiKeyEnv,
    bearerToken: glmBearerToken,
    ...settings,
    // GLM reports usage in the last stream chunk by itself; stream_options is not part of its API.
    compatibility: {
      maxTokensField: 'max_tokens',
      jsonMode: true,
      streamUsage: false,
      ...settings.compatibility,
    },
    name: 'glm',
  });
}

/**
 * InternLM (Intern-S1). Sends `thinking_mode` (default on); if the server rejects the field,
 * the model retries once without it and keeps it off (see `thinkingModeStatus()`).
 * Key: `INTERNLM_API_KEY`, `INTERN_API_KEY` or `INTERNLM_TOKEN`. No embeddings.
 */
export function createInternLMProvider(
  settings: OpenAICompatiblePresetSettings = {},
): OpenAIProvider {
  const entry = catalog('internlm');
  return createOpenAIProvider({
    baseUrl: entry.defaultBaseUrl,
    defaultModel: entry.defaultModel,
    apiKeyEnv: entry.apiKeyEnv,
    thinkingMode: true,
    ...settings,
    compatibility: {
      maxTokensField: 'max_tokens',
      jsonMode: false,
      streamUsage: false,
      ...settings.compatibility,
    },
    name: 'internlm',
  });
}

/**
 * Any OpenAI-compatible server (vLLM, Ollama, LM Studio, a gateway). `baseUrl` and the model
 * are required: there is no default endpoint. The key is optional (`AUTOSKILL_GENERIC_API_KEY`);
 * without one no Authorization header is sent.
 */
export function createGenericProvider(
  settings: OpenAICompatiblePresetSettings = {},
): OpenAIProvider {
  const entry = catalog('generic');
  return createOpenAIProvider({
    maxEmbeddingsPerCall: entry.maxEmbeddingsPerCall,
    embeddingEncodingFormat: 'float',
    apiKeyEnv: entry.apiKeyEnv,
    requireApiKey: false,
    ...settings,
    // JSON mode is off: LM Studio and some gateways reject `response_format: json_object`.
    compatibility: {
      maxTokensField: 'max_tokens',
      jsonMode: false,
      streamUsage: true,
      ...settings.compatibility,
    },
    name: 'generic',
  });
}
