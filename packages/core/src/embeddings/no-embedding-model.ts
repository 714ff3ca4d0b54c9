import { UnsupportedError } from '../errors/errors';
import type { EmbeddingModel } from '../spec/embedding-model';

/**
 * A placeholder model for "no embeddings": `doEmbed` always throws UnsupportedError. Retrieval
 * checks `isEmbeddingDisabled()` and uses keyword (BM25) search only.
 */
export function createNoEmbeddingModel(): EmbeddingModel {
  return {
    specificationVersion: 'v1',
    provider: 'none',
    modelId: 'none',
    dimensions: undefined,
    maxEmbeddingsPerCall: 1,
    async doEmbed() {
      throw new UnsupportedError(
        'Embeddings are disabled (provider "none"); retrieval uses keyword search only',
      );
    },
  };
}

/** True for the model from `createNoEmbeddingModel()` (provider `none`). */
export function isEmbeddingDisabled(model: EmbeddingModel): boolean {
  return model.provider === 'none';
}
