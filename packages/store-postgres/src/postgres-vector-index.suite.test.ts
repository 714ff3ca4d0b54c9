import type { VectorIndex } from '@autoskill/core';
import { runVectorIndexTests } from '@autoskill/test-suite';
import { describe } from 'vitest';
import { createPostgresVectorIndex, type PostgresVectorIndex, type VectorSearch } from './index';
import {
  dropSchema,
  freshSchema,
  TEST_DATABASE_KIND,
  useTestDatabase,
} from './test-support/test-database';

// PGlite ships pgvector; the Debian server of CI has none (AUTOSKILL_TEST_PGVECTOR=1 says it has).
const pgvector = TEST_DATABASE_KIND === 'pglite' || process.env.AUTOSKILL_TEST_PGVECTOR === '1';
const database = useTestDatabase({ vector: true });

function suite(search: VectorSearch): void {
  const schemas = new Set<string>();
  runVectorIndexTests(`postgres (${search})`, {
    createIndex: async (dimensions) => {
      const schema = freshSchema();
      schemas.add(schema);
      return createPostgresVectorIndex({
        database: database(),
        schema,
        name: 'suite',
        dimensions,
        search,
      });
    },
    reopen: async (index: VectorIndex) => {
      const opened = index as PostgresVectorIndex;
      await opened.close();
      return createPostgresVectorIndex({
        database: database(),
        schema: opened.schema,
        name: opened.name,
        dimensions: opened.dimensions,
        search,
      });
    },
    cleanup: async (index: VectorIndex) => {
      const { schema } = index as PostgresVectorIndex;
      if (schemas.delete(schema)) await dropSchema(database(), schema);
    },
    scoresAlsoScore: true,
  });
}

describe.skipIf(!pgvector)('pgvector', () => suite('pgvector'));
describe('flat fallback', () => suite('flat'));
