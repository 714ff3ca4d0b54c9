export type {
  EmbeddingModel,
  EmbeddingModelCallOptions,
  EmbeddingModelResult,
  EmbeddingSignature,
} from './embedding-model';
export type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelFinishReason,
  LanguageModelResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
  LanguageModelUsage,
} from './language-model';
export type {
  SkillPutInput,
  SkillStore,
  SkillStoreListOptions,
  SkillStorePutOptions,
} from './skill-store';
export type {
  VectorIndex,
  VectorIndexMatch,
  VectorIndexQueryOptions,
  VectorRecord,
} from './vector-index';
