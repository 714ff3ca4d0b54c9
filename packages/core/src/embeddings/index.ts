export { type EmbedManyOptions, embedMany } from './embed-many';
export { embeddingSignature, embeddingSignatureKey } from './embedding-signature';
export {
  createHashingEmbeddingModel,
  type HashingEmbeddingModelOptions,
  hashingVector,
} from './hashing-embedding-model';
export { createNoEmbeddingModel, isEmbeddingDisabled } from './no-embedding-model';
