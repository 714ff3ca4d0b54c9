import { AutoSkillError } from '@autoskill/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresSkillStore,
  createPostgresVectorIndex,
  MIGRATIONS,
  migrate,
  schemaVersion,
} from './index';
import {
  dropSchema,
  freshSchema,
  TEST_DATABASE_KIND,
  useTestDatabase,
} from './test-support/test-database';

// Opening: migrations, option checks, and how the vector search is chosen.

const database = useTestDatabase({ vector: true });
const pgvector = TEST_DATABASE_KIND === 'pglite' || process.env.AUTOSKILL_TEST_PGVECTOR === '1';
const latest = Math.max(...MIGRATIONS.map((migration) => migration.version));
const schemas: string[] = [];

afterEach(async () => {
  for (const schema of schemas.splice(0)) await dropSchema(database(), schema);
});

function schema(): string {
  const name = freshSchema();
  schemas.push(name);
  return name;
}

function codeOf(error: unknown): string | undefined {
  return AutoSkillError.isInstance(error) ? error.code : undefined;
}

describe('migrations', () => {
  it('applies every migration once, records them, and is a no-op the second time', async () => {
    const name = schema();
    expect(await schemaVersion(database(), name)).toBe(0);
    const first = await migrate(database(), { schema: name });
    expect(first).toEqual({
      applied: MIGRATIONS.map((migration) => migration.version),
      version: latest,
    });
    expect(await migrate(database(), { schema: name })).toEqual({ applied: [], version: latest });
    expect(await schemaVersion(database(), name)).toBe(latest);
  });

  it('refuses a schema that a newer version of the package migrated', async () => {
    const name = schema();
    await migrate(database(), { schema: name });
    await database().query(
      `INSERT INTO "${name}".schema_migrations (version, name) VALUES (999, 'future')`,
    );
    await expect(migrate(database(), { schema: name })).rejects.toThrow(/newer than this version/);
  });

  it('with migrate: false, refuses an unmigrated schema and says to run autoskill migrate', async () => {
    const error = await createPostgresSkillStore({
      database: database(),
      schema: schema(),
      migrate: false,
    }).catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe('INVALID_ARGUMENT');
    expect((error as Error).message).toMatch(/autoskill migrate/);
  });

  it('rejects a schema name that is not a plain identifier before touching the database', async () => {
    for (const bad of ['Robert"; DROP TABLE x; --', '../x', 'UPPER', '']) {
      const error = await createPostgresSkillStore({ database: database(), schema: bad }).catch(
        (caught: unknown) => caught,
      );
      expect(codeOf(error)).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('vector search choice', () => {
  it(`auto picks ${pgvector ? 'pgvector' : 'the flat fallback'} on this database`, async () => {
    const index = await createPostgresVectorIndex({
      database: database(),
      schema: schema(),
      name: 'auto',
      dimensions: 3,
    });
    expect(index.search).toBe(pgvector ? 'pgvector' : 'flat');
    await index.upsert([{ id: 'a', vector: [1, 0, 0] }]);
    expect(await index.query({ vector: [1, 0, 0], topK: 1 })).toEqual([
      { id: 'a', score: expect.closeTo(1, 5) },
    ]);
    await index.close();
  });

  it.skipIf(pgvector)('refuses search "pgvector" where the extension is missing', async () => {
    const error = await createPostgresVectorIndex({
      database: database(),
      schema: schema(),
      name: 'strict',
      dimensions: 3,
      search: 'pgvector',
    }).catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe('INVALID_ARGUMENT');
  });

  it('starts empty, saying why, when reopened for other dimensions', async () => {
    const name = schema();
    const index = await createPostgresVectorIndex({
      database: database(),
      schema: name,
      name: 'model',
      dimensions: 2,
    });
    await index.upsert([{ id: 'a', vector: [1, 0] }]);
    await index.close();
    const again = await createPostgresVectorIndex({
      database: database(),
      schema: name,
      name: 'model',
      dimensions: 3,
    });
    expect(again.openState).toBe('rebuilt-mismatch');
    expect(again.rebuildReason).toMatch(/2-dimension/);
    expect(await again.count()).toBe(0);
    await again.close();
  });
});

describe.skipIf(!pgvector)('pgvector queries past HNSW limits', () => {
  it('fills a large filtered topK exactly (more rows than ef_search yields)', {
    tags: ['slow'],
  }, async () => {
    const index = await createPostgresVectorIndex({
      database: database(),
      schema: schema(),
      name: 'large',
      dimensions: 2,
      search: 'pgvector',
    });
    // Angles spread over a quarter circle: the score order is the index order.
    const records = Array.from({ length: 1200 }, (_, position) => {
      const angle = (position / 1200) * (Math.PI / 2);
      return {
        id: `r${String(position).padStart(4, '0')}`,
        vector: [Math.cos(angle), Math.sin(angle)],
      };
    });
    await index.upsert(records);
    const even = (id: string) => Number(id.slice(1)) % 2 === 0;
    const matches = await index.query({ vector: [1, 0], topK: 550, filter: even });
    expect(matches.map((match) => match.id)).toEqual(
      records
        .map((record) => record.id)
        .filter(even)
        .slice(0, 550),
    );
    await index.close();
  });
});
