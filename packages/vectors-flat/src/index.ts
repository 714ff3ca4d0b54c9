export {
  createFlatVectorIndex,
  type FlatVectorIndex,
  type FlatVectorIndexLogger,
  type FlatVectorIndexOpenState,
  type FlatVectorIndexOptions,
} from './create-flat-vector-index';
