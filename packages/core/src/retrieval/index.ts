export { contentHash } from './content-hash';
export {
  createKeywordIndex,
  DEFAULT_KEYWORD_FIELD_WEIGHTS,
  defaultQueryTermWeight,
  type KeywordIndex,
  type KeywordIndexOptions,
  type KeywordMatch,
  type KeywordSearchOptions,
} from './keyword-index';
export { phraseBigrams, phraseOverlap } from './phrase-overlap';
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
} from './skill-retriever';
export {
  type SkillSearchFields,
  type SkillSearchInput,
  skillEmbeddingText,
  skillSearchFields,
} from './skill-search-fields';
