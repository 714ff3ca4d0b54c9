export { createTempDirectory, type TempDirectory } from './temp-directory';
export { runSkillStoreTests, type SkillStoreSuiteOptions } from './skill-store-suite';
export { runVectorIndexTests, type VectorIndexSuiteOptions } from './vector-index-suite';
export { runEmbeddingModelTests, type EmbeddingModelSuiteOptions } from './embedding-model-suite';
