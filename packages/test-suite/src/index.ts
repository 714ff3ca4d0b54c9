export { type EmbeddingModelSuiteOptions, runEmbeddingModelTests } from './embedding-model-suite';
export {
  type LearningJobStoreSuiteOptions,
  type LearningJobStoreTestStorage,
  runLearningJobStoreTests,
} from './learning-job-store-suite';
export { runSkillStoreTests, type SkillStoreSuiteOptions } from './skill-store-suite';
export { createTempDirectory, type TempDirectory } from './temp-directory';
export { runVectorIndexTests, type VectorIndexSuiteOptions } from './vector-index-suite';
