import { runSkillStoreTests } from '@autoskill/test-suite';
import { createPostgresSkillStore, type PostgresSkillStore } from './index';
import { dropSchema, freshSchema, useTestDatabase } from './test-support/test-database';

const database = useTestDatabase();

runSkillStoreTests('postgres', {
  async createStore() {
    return createPostgresSkillStore({ database: database(), schema: freshSchema() });
  },
  async reopen(store) {
    await store.close?.();
    return createPostgresSkillStore({
      database: database(),
      schema: (store as PostgresSkillStore).schema,
    });
  },
  async cleanup(store) {
    await store.close?.();
    await dropSchema(database(), (store as PostgresSkillStore).schema);
  },
});
