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
  SkillStoreAssignedId,
  SkillStoreListOptions,
  SkillStoreLoadError,
  SkillStorePutManyItem,
  SkillStorePutManyOptions,
  SkillStorePutManyOutcome,
  SkillStorePutOptions,
} from './skill-store';
export type {
  VectorIndex,
  VectorIndexMatch,
  VectorIndexOpenState,
  VectorIndexQueryOptions,
  VectorRecord,
} from './vector-index';
