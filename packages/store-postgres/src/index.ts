export { assertSafeIdentifier, type Database, type Queryable } from './database';
export {
  MIGRATIONS,
  type MigrateResult,
  type Migration,
  migrate,
  schemaVersion,
} from './migrations';
export { type ConnectPostgresOptions, connectPostgres } from './pg-database';
export { type OpenPgliteOptions, openPglite } from './pglite-database';
export {
  createPostgresChatSessionStore,
  type PostgresChatSessionStoreOptions,
} from './postgres-chat-session-store';
export { createPostgresClusterBus, type PostgresClusterBusOptions } from './postgres-cluster-bus';
export {
  createPostgresLearningJobStore,
  type PostgresLearningJobStoreOptions,
} from './postgres-learning-job-store';
export {
  createPostgresSkillStore,
  type PostgresSkillStore,
  type PostgresSkillStoreOptions,
} from './postgres-skill-store';
export {
  createPostgresVectorIndex,
  type PostgresVectorIndex,
  type PostgresVectorIndexOptions,
} from './postgres-vector-index';
export { type VectorSearch, vectorTableName } from './vector-table';
