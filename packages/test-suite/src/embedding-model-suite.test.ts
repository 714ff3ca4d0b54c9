import { createHashingEmbeddingModel } from '@autoskill/core';
import { MockEmbeddingModel } from '@autoskill/core/testing';
import { runEmbeddingModelTests } from './embedding-model-suite';

runEmbeddingModelTests('hashing (256)', { createModel: () => createHashingEmbeddingModel() });
runEmbeddingModelTests('hashing (1024, no character n-grams)', {
  createModel: () => createHashingEmbeddingModel({ dimensions: 1024, characterNgramWeight: 0 }),
});
runEmbeddingModelTests('MockEmbeddingModel', {
  createModel: () => new MockEmbeddingModel({ dimensions: 16, maxEmbeddingsPerCall: 4 }),
});
