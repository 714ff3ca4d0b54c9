export { createInMemorySkillStore, type InMemorySkillStoreOptions } from './in-memory-skill-store';
export {
  createInMemoryVectorIndex,
  type InMemoryVectorIndexOptions,
} from './in-memory-vector-index';
