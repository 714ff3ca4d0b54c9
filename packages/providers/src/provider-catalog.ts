/** Names `--llm-provider` accepts (before aliases). */
export type LanguageProviderName =
  | 'openai'
  | 'dashscope'
  | 'glm'
  | 'internlm'
  | 'generic'
  | 'anthropic'
  | 'mock';
/** Names `--embeddings-provider` accepts (before aliases). */
export type EmbeddingProviderName = 'openai' | 'dashscope' | 'glm' | 'generic' | 'hashing' | 'none';

/** What a user needs to know to pick a vendor; printed by the CLI and the README. */
export interface ProviderCatalogEntry {
  name: LanguageProviderName;
  /** Other accepted spellings, e.g. `qwen` for `dashscope`. */
  aliases: string[];
  description: string;
  /** Chat model used when none is given (`undefined`: you must name one). */
  defaultModel: string | undefined;
  /** API base URL used when none is given (`undefined`: you must give one). */
  defaultBaseUrl: string | undefined;
  /** Environment variables read for the API key, first match wins. */
  apiKeyEnv: string[];
  /** Environment variables read for the model and base URL. */
  modelEnv: string[];
  baseUrlEnv: string[];
  /** The embeddings used with this LLM unless you choose others. */
  defaultEmbeddings: string;
  /** The vendor's own embedding model, when it has one. */
  embeddingModel: string | undefined;
  /** Largest embedding batch the vendor accepts. */
  maxEmbeddingsPerCall: number | undefined;
}

/** Every LLM provider, in the order the environment auto-pick tries them (mock last). */
export const providerCatalog: readonly ProviderCatalogEntry[] = [
  {
    name: 'generic',
    aliases: ['openai-compatible', 'openai_compatible', 'universal', 'custom'],
    description: 'Any OpenAI-compatible server: vLLM, Ollama, LM Studio, a company gateway',
    defaultModel: undefined,
    defaultBaseUrl: undefined,
    apiKeyEnv: ['AUTOSKILL_GENERIC_API_KEY'],
    modelEnv: ['AUTOSKILL_GENERIC_LLM_MODEL'],
    baseUrlEnv: ['AUTOSKILL_GENERIC_LLM_URL'],
    defaultEmbeddings: 'generic if AUTOSKILL_GENERIC_EMBEDDINGS_MODEL is set, else hashing',
    embeddingModel: undefined,
    maxEmbeddingsPerCall: 32,
  },
  {
    name: 'dashscope',
    aliases: ['qwen'],
    description: 'Alibaba Cloud DashScope (Qwen), OpenAI-compatible mode',
    defaultModel: 'qwen-plus',
    defaultBaseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    apiKeyEnv: ['DASHSCOPE_API_KEY'],
    modelEnv: ['DASHSCOPE_MODEL'],
    baseUrlEnv: ['DASHSCOPE_BASE_URL'],
    defaultEmbeddings: 'dashscope',
    embeddingModel: 'text-embedding-v4',
    maxEmbeddingsPerCall: 10,
  },
  {
    name: 'glm',
    aliases: ['bigmodel', 'zhipu'],
    description: 'Zhipu BigModel (GLM)',
    defaultModel: 'glm-4.7',
    defaultBaseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    apiKeyEnv: ['ZHIPUAI_API_KEY', 'BIGMODEL_API_KEY'],
    modelEnv: ['BIGMODEL_GLM_MODEL'],
    baseUrlEnv: ['BIGMODEL_BASE_URL'],
    defaultEmbeddings: 'glm',
    embeddingModel: 'embedding-3',
    maxEmbeddingsPerCall: 64,
  },
  {
    name: 'internlm',
    aliases: ['intern', 'intern-s1', 'intern-s1-pro'],
    description: 'Shanghai AI Lab InternLM (Intern-S1) with its thinking-mode switch',
    defaultModel: 'intern-s1-pro',
    defaultBaseUrl: 'https://chat.intern-ai.org.cn/api/v1',
    apiKeyEnv: ['INTERNLM_API_KEY', 'INTERN_API_KEY', 'INTERNLM_TOKEN'],
    modelEnv: ['INTERNLM_MODEL'],
    baseUrlEnv: ['INTERNLM_BASE_URL'],
    defaultEmbeddings: 'hashing',
    embeddingModel: undefined,
    maxEmbeddingsPerCall: undefined,
  },
  {
    name: 'openai',
    aliases: [],
    description: 'OpenAI',
    defaultModel: 'gpt-4o-mini',
    defaultBaseUrl: 'https://api.openai.com/v1',
    apiKeyEnv: ['OPENAI_API_KEY'],
    modelEnv: ['OPENAI_CHAT_MODEL'],
    baseUrlEnv: ['OPENAI_BASE_URL'],
    defaultEmbeddings: 'openai',
    embeddingModel: 'text-embedding-3-small',
    maxEmbeddingsPerCall: 256,
  },
  {
    name: 'anthropic',
    aliases: ['claude'],
    description: 'Anthropic Claude (Messages API)',
    defaultModel: 'claude-sonnet-4-6',
    defaultBaseUrl: 'https://api.anthropic.com',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    modelEnv: ['ANTHROPIC_MODEL'],
    baseUrlEnv: ['ANTHROPIC_BASE_URL'],
    defaultEmbeddings: 'openai if OPENAI_API_KEY is set, else hashing',
    embeddingModel: undefined,
    maxEmbeddingsPerCall: undefined,
  },
  {
    name: 'mock',
    aliases: ['offline'],
    description: 'Offline deterministic model (no key, no network)',
    defaultModel: 'offline',
    defaultBaseUrl: undefined,
    apiKeyEnv: [],
    modelEnv: [],
    baseUrlEnv: [],
    defaultEmbeddings: 'hashing',
    embeddingModel: undefined,
    maxEmbeddingsPerCall: undefined,
  },
];

const EMBEDDING_ALIASES: Record<string, EmbeddingProviderName> = {
  openai: 'openai',
  dashscope: 'dashscope',
  qwen: 'dashscope',
  glm: 'glm',
  bigmodel: 'glm',
  zhipu: 'glm',
  generic: 'generic',
  'openai-compatible': 'generic',
  openai_compatible: 'generic',
  universal: 'generic',
  custom: 'generic',
  hashing: 'hashing',
  hash: 'hashing',
  offline: 'hashing',
  none: 'none',
  off: 'none',
  disabled: 'none',
  null: 'none',
  no_embedding: 'none',
  'no-embedding': 'none',
};

/** The catalog entry for a provider name or alias (case-insensitive), or `undefined`. */
export function findLanguageProvider(name: string): ProviderCatalogEntry | undefined {
  const key = name.trim().toLowerCase();
  return providerCatalog.find((entry) => entry.name === key || entry.aliases.includes(key));
}

/** The canonical embeddings provider for a name or alias (case-insensitive), or `undefined`. */
export function findEmbeddingProvider(name: string): EmbeddingProviderName | undefined {
  return EMBEDDING_ALIASES[name.trim().toLowerCase()];
}

/** Every accepted `--embeddings-provider` value. */
export const embeddingProviderNames: readonly string[] = Object.keys(EMBEDDING_ALIASES);
