// @autoskill/core: the skill model, the SKILL.md format, the spec interfaces every other
// package implements, typed errors, identity helpers, retrieval primitives and context rendering.
// No Node built-ins here: the web app uses this package too.
//
// This list is the public API. Folder `index.ts` files are lists for use inside core; helpers for
// store implementers are in `@autoskill/core/store-kit`, mocks in `@autoskill/core/testing`, and
// helpers only AutoSkill's own packages use in `@autoskill/core/internal` (no compatibility promise).

// Embeddings: offline hashing model, batching, signatures
export {
  createHashingEmbeddingModel,
  createNoEmbeddingModel,
  type EmbedManyOptions,
  embeddingSignature,
  embeddingSignatureKey,
  embedMany,
  type HashingEmbeddingModelOptions,
  isEmbeddingDisabled,
} from './embeddings/index';

// Errors: one class per condition, each with a stable `code`
export {
  AbortedError,
  AutoSkillError,
  type AutoSkillErrorCode,
  type AutoSkillErrorOptions,
  ConflictError,
  IndexCorruptError,
  InvalidArgumentError,
  LockTimeoutError,
  NoSuchModelError,
  ProviderCallError,
  ReadOnlyError,
  SkillNotFoundError,
  SkillParseError,
  SkillValidationError,
  UnsafePathError,
  UnsupportedError,
  VectorDimensionMismatchError,
} from './errors/index';

// Conversations and events learned from
export {
  type ChatContentPart,
  type ChatMessage,
  type Experience,
  type ExperienceEvent,
  messageText,
} from './experience/index';

// Model helpers over the spec (retries, abort, JSON repair) and per-key serialisation
export {
  type GenerateJsonOptions,
  type GenerateJsonResult,
  type GenerateTextOptions,
  type GenerateTextResult,
  generateJson,
  generateText,
  InvalidJsonOutputError,
  isAbortError,
  KeyedMutex,
  type PromptOptions,
  type RetryOptions,
  retryWithBackoff,
  type SafeParseSchema,
  type SleepFunction,
  type StreamTextOptions,
  type StreamTextResult,
  streamText,
  throwIfAborted,
} from './helpers/index';

// Identity, names and versions
export {
  assertSafeLibraryName,
  assertSafeRelativePath,
  assertSafeUserId,
  assertSkillName,
  bumpPatchVersion,
  compareVersions,
  createSkillId,
  isUuid,
  isValidSkillName,
  MAX_DESCRIPTION_LENGTH,
  MAX_SKILL_NAME_LENGTH,
  MAX_USER_ID_LENGTH,
  slugifySkillName,
  versionAfter,
} from './identity/index';

// Reference implementations (prove your own with @autoskill/test-suite)
export {
  createInMemorySkillStore,
  createInMemoryVectorIndex,
  type InMemorySkillStoreOptions,
  type InMemoryVectorIndexOptions,
} from './in-memory/index';

// Context rendering
export {
  type ContextSkill,
  DEFAULT_SKILLS_CONTEXT_MAX_CHARS,
  type RenderedSkillsContext,
  type RenderSkillsContextOptions,
  renderSkillsContext,
} from './render/index';

// Retrieval: BM25F keyword index and the hybrid retriever
export {
  createKeywordIndex,
  createSkillRetriever,
  DEFAULT_KEYWORD_FIELD_WEIGHTS,
  DEFAULT_RETRIEVAL_WEIGHTS,
  defaultQueryTermWeight,
  type KeywordIndex,
  type KeywordIndexOptions,
  type KeywordMatch,
  type KeywordSearchOptions,
  type RetrievableSkill,
  type RetrievalWeights,
  type SkillRetrievalHit,
  type SkillRetriever,
  type SkillRetrieverIndexOptions,
  type SkillRetrieverIndexResult,
  type SkillRetrieverOptions,
  type SkillRetrieverSearchOptions,
  type SkillSearchInput,
  skillEmbeddingText,
} from './retrieval/index';

// The skill model
export {
  isSearchScopeInput,
  parseSearchScope,
  SEARCH_SCOPE_INPUTS,
  type SearchScope,
  type SearchScopeInput,
  type Skill,
  type SkillCandidate,
  type SkillDocument,
  type SkillExample,
  type SkillFile,
  type SkillHit,
  type SkillRevision,
  type SkillScope,
} from './skill/index';

// SKILL.md
export {
  DEFAULT_SKILL_VERSION,
  FULL_DESCRIPTION_KEY,
  MAX_SKILL_EXAMPLES,
  MAX_SKILL_MD_BYTES,
  MAX_SKILL_TAGS,
  MAX_SKILL_TRIGGERS,
  normalizeSkillDocument,
  type ParseSkillMarkdownOptions,
  parseSkillMarkdown,
  renderSkillMarkdown,
  validateSkillDocument,
} from './skill-markdown/index';

// Spec interfaces (`specificationVersion: 'v1'`)
export type {
  EmbeddingModel,
  EmbeddingModelCallOptions,
  EmbeddingModelResult,
  EmbeddingSignature,
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelFinishReason,
  LanguageModelResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
  LanguageModelUsage,
  SkillPutInput,
  SkillStore,
  SkillStoreAssignedId,
  SkillStoreListOptions,
  SkillStoreLoadError,
  SkillStorePutManyItem,
  SkillStorePutManyOptions,
  SkillStorePutManyOutcome,
  SkillStorePutOptions,
  VectorIndex,
  VectorIndexMatch,
  VectorIndexOpenState,
  VectorIndexQueryOptions,
  VectorRecord,
} from './spec/index';

// Text: tokenizer, text units, truncation
export {
  CHINESE_STOP_CHARACTERS,
  countCharacters,
  countTextUnits,
  ENGLISH_STOPWORDS,
  type TokenizeOptions,
  TRUNCATED_HEAD_MARKER,
  TRUNCATED_MIDDLE_MARKER,
  TRUNCATED_TAIL_MARKER,
  tokenize,
  truncateTextHead,
  truncateTextHeadTail,
  truncateTextTail,
} from './text/index';
