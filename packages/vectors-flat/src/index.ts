// @autoskill/vectors-flat: a crash-safe on-disk flat VectorIndex (snapshot + append-only log).
export { createFlatVectorIndex } from './create-flat-vector-index';
export type { FlatVectorIndex, FlatVectorIndexOpenState } from './flat-vector-index';
export type { FlatVectorIndexLogger, FlatVectorIndexOptions } from './flat-vector-index-options';
