// @autoskill/core: the skill model, the SKILL.md format, the spec interfaces every other
// package implements, typed errors, identity helpers, retrieval primitives and context rendering.
// No Node built-ins here: the web app uses this package too.
//
// This list is the public API (and the only list: modules are imported directly inside core).
// Helpers for store implementers are in `@autoskill/core/store-kit`, mocks in
// `@autoskill/core/testing`, and helpers only AutoSkill's own packages use in
// `@autoskill/core/internal` (no compatibility promise).

// Embeddings: offline hashing model, batching, signatures
export { type EmbedManyOptions, embedMany } from './embeddings/embed-many';
export { embeddingSignature, embeddingSignatureKey } from './embeddings/embedding-signature';
export {
  createHashingEmbeddingModel,
  type HashingEmbeddingModelOptions,
} from './embeddings/hashing-embedding-model';
export { createNoEmbeddingModel, isEmbeddingDisabled } from './embeddings/no-embedding-model';

// Errors: one class per condition, each with a stable `code`
export {
  AutoSkillError,
  type AutoSkillErrorCode,
  type AutoSkillErrorOptions,
} from './errors/autoskill-error';
export {
  AbortedError,
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
} from './errors/errors';

// Conversations and events learned from
export {
  type ChatContentPart,
  type ChatMessage,
  type Experience,
  type ExperienceEvent,
  messageText,
} from './experience/experience';

// Model helpers over the spec (retries, abort, JSON repair) and per-key serialisation
export { isAbortError, throwIfAborted } from './helpers/abort';
export {
  type GenerateJsonOptions,
  type GenerateJsonResult,
  generateJson,
  type SafeParseSchema,
} from './helpers/generate-json';
export {
  type GenerateTextOptions,
  type GenerateTextResult,
  generateText,
} from './helpers/generate-text';
export { InvalidJsonOutputError } from './helpers/invalid-json-output-error';
export { KeyedMutex } from './helpers/keyed-mutex';
export type { PromptOptions } from './helpers/prompt-options';
export {
  type RetryOptions,
  retryWithBackoff,
  type SleepFunction,
} from './helpers/retry-with-backoff';
export { type StreamTextOptions, type StreamTextResult, streamText } from './helpers/stream-text';

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
} from './identity/identity';

// Reference implementations (prove your own with @autoskill/test-suite)
export {
  assertLearningJobRecord,
  compareLearningJobRecords,
  createInMemoryLearningJobStorage,
  createInMemoryLearningJobStore,
  type InMemoryLearningJobStorage,
  type InMemoryLearningJobStoreOptions,
} from './in-memory/in-memory-learning-job-store';
export {
  createInMemorySkillStore,
  type InMemorySkillStoreOptions,
} from './in-memory/in-memory-skill-store';
export {
  createInMemoryVectorIndex,
  type InMemoryVectorIndexOptions,
} from './in-memory/in-memory-vector-index';

// Context rendering
export {
  type ContextSkill,
  DEFAULT_SKILLS_CONTEXT_MAX_CHARS,
  type RenderedSkillsContext,
  type RenderSkillsContextOptions,
  renderSkillsContext,
} from './render/render-skills-context';

// Retrieval: BM25F keyword index and the hybrid retriever
export {
  createKeywordIndex,
  DEFAULT_KEYWORD_FIELD_WEIGHTS,
  defaultQueryTermWeight,
  type KeywordIndex,
  type KeywordIndexOptions,
  type KeywordMatch,
  type KeywordSearchOptions,
} from './retrieval/keyword-index';
export {
  KEYWORD_INDEX_SNAPSHOT_FORMAT,
  type KeywordIndexSnapshot,
} from './retrieval/keyword-index-snapshot';
export {
  createSkillRetriever,
  DEFAULT_RETRIEVAL_WEIGHTS,
  type RetrievableSkill,
  type RetrievalWeights,
  type SkillRetrievalHit,
  type SkillRetriever,
  type SkillRetrieverIndexOptions,
  type SkillRetrieverIndexResult,
  type SkillRetrieverOptions,
  type SkillRetrieverSearchOptions,
} from './retrieval/skill-retriever';
export {
  SKILL_RETRIEVER_SNAPSHOT_FORMAT,
  type SkillRetrieverSnapshot,
} from './retrieval/skill-retriever-snapshot';
export { type SkillSearchInput, skillEmbeddingText } from './retrieval/skill-search-fields';

// The skill model and scopes
export {
  isSearchScopeInput,
  parseSearchScope,
  SEARCH_SCOPE_INPUTS,
  type SearchScopeInput,
} from './skill/search-scope';
export {
  APPLIES_TO_METADATA_KEY,
  appliesToEveryAnswer,
  type SearchScope,
  type Skill,
  type SkillCandidate,
  type SkillDocument,
  type SkillExample,
  type SkillFile,
  type SkillHit,
  type SkillRevision,
  type SkillScope,
} from './skill/skill';

// SKILL.md
export {
  FULL_DESCRIPTION_KEY,
  normalizeSkillDocument,
} from './skill-markdown/normalize-skill-document';
export {
  type ParseSkillMarkdownOptions,
  parseSkillMarkdown,
} from './skill-markdown/parse-skill-markdown';
export { renderSkillMarkdown } from './skill-markdown/render-skill-markdown';
export {
  DEFAULT_SKILL_VERSION,
  MAX_SKILL_EXAMPLES,
  MAX_SKILL_MD_BYTES,
  MAX_SKILL_TAGS,
  MAX_SKILL_TRIGGERS,
} from './skill-markdown/skill-markdown-constants';
export { validateSkillDocument } from './skill-markdown/validate-skill-document';
// Spec interfaces (`specificationVersion: 'v1'` where versioned) and what they exchange
export type { ChatSessionRecord, ChatSessionStore } from './spec/chat-session-store';
export { type ClusterBus, EVERYONE } from './spec/cluster-bus';
export type {
  EmbeddingModel,
  EmbeddingModelCallOptions,
  EmbeddingModelResult,
  EmbeddingSignature,
} from './spec/embedding-model';
export type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelFinishReason,
  LanguageModelResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
  LanguageModelUsage,
} from './spec/language-model';
export type { LearningJobRecord, LearningJobStore } from './spec/learning-job-store';
export type {
  ArchivedSkill,
  SkillPutInput,
  SkillStore,
  SkillStoreAssignedId,
  SkillStoreListOptions,
  SkillStoreLoadError,
  SkillStorePutManyItem,
  SkillStorePutManyOptions,
  SkillStorePutManyOutcome,
  SkillStorePutOptions,
} from './spec/skill-store';
export type {
  VectorIndex,
  VectorIndexMatch,
  VectorIndexOpenState,
  VectorIndexQueryOptions,
  VectorRecord,
} from './spec/vector-index';

// Text: tokenizer, text units, truncation
export {
  CHINESE_STOP_CHARACTERS,
  ENGLISH_STOPWORDS,
  type TokenizeOptions,
  tokenize,
} from './text/tokenize';
export {
  countCharacters,
  countTextUnits,
  TRUNCATED_HEAD_MARKER,
  TRUNCATED_MIDDLE_MARKER,
  TRUNCATED_TAIL_MARKER,
  truncateTextHead,
  truncateTextHeadTail,
  truncateTextTail,
} from './text/units';
