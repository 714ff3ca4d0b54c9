import { AutoSkillError, type SkillPutInput } from '@autoskill/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostgresSkillStore,
  createPostgresVectorIndex,
  type Database,
  type PostgresSkillStore,
  type PostgresVectorIndex,
} from './index';
import {
  anotherConnection,
  dropSchema,
  eventually,
  freshSchema,
  TEST_DATABASE_KIND,
  useTestDatabase,
} from './test-support/test-database';

// Several processes sharing one database: concurrent merges, and changes seen by the others.

const database = useTestDatabase();
const opened: { close(): Promise<void> }[] = [];
const schemas: string[] = [];

afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
  for (const schema of schemas.splice(0)) await dropSchema(database(), schema);
});

function track<T extends { close(): Promise<void> }>(item: T): T {
  opened.push(item);
  return item;
}

function schema(): string {
  const name = freshSchema();
  schemas.push(name);
  return name;
}

async function storeOn(db: Database, schemaName: string): Promise<PostgresSkillStore> {
  return track(await createPostgresSkillStore({ database: db, schema: schemaName }));
}

function skill(id: string, description: string): SkillPutInput {
  return {
    id,
    name: 'release-checklist',
    title: 'Release checklist',
    description,
    instructions: '# Steps\n\n1. Run the tests.',
    version: '0.1.0',
    tags: [],
    triggers: [],
    examples: [],
    metadata: {},
    extra: {},
    scope: 'user',
    owner: 'alice',
  };
}

describe('PostgreSQL store shared by processes', () => {
  it('lines up 12 concurrent merges into one skill from separate connections: v0.1.12, nothing lost', {
    tags: ['slow'],
  }, async () => {
    const name = schema();
    const first = await storeOn(database(), name);
    const id = globalThis.crypto.randomUUID();
    await first.put(skill(id, 'Merged facts:'), { reason: 'create' });
    const writers = await Promise.all(
      Array.from({ length: 12 }, async () => storeOn(track(anotherConnection(database())), name)),
    );
    await Promise.all(
      writers.map(async (store, writer) => {
        // A merge reads, combines and writes back with expectedRevision; a CONFLICT means
        // someone merged first: read again and retry.
        for (;;) {
          const current = await store.get(id);
          if (!current) throw new Error('skill vanished');
          try {
            await store.put(
              { ...current, description: `${current.description} fact-${writer}.` },
              { expectedRevision: current.revision, reason: 'merge' },
            );
            return;
          } catch (error) {
            if (!(AutoSkillError.isInstance(error) && error.code === 'CONFLICT')) throw error;
          }
        }
      }),
    );
    const merged = await first.get(id);
    expect(merged?.revision).toBe(13);
    expect(merged?.version).toBe('0.1.12');
    for (let writer = 0; writer < 12; writer++) {
      expect(merged?.description).toContain(`fact-${writer}.`);
    }
    const history = await first.history(id);
    expect(history.map((entry) => entry.revision)).toEqual(
      Array.from({ length: 13 }, (_, index) => index + 1),
    );
    expect(new Set(history.map((entry) => entry.version)).size).toBe(13);
    expect(history.slice(1).every((entry) => entry.reason === 'merge')).toBe(true);
  });

  it('lines up 12 blind writes to one skill (no expectedRevision): 13 revisions, v0.1.12', {
    tags: ['slow'],
  }, async () => {
    const name = schema();
    const first = await storeOn(database(), name);
    const id = globalThis.crypto.randomUUID();
    await first.put(skill(id, 'Blind writes land one after another.'));
    const writers = await Promise.all(
      Array.from({ length: 12 }, async () => storeOn(track(anotherConnection(database())), name)),
    );
    const written = await Promise.all(
      writers.map((store, writer) =>
        store.put(skill(id, `Written by writer ${writer}.`), { reason: 'merge' }),
      ),
    );
    expect(written.map((item) => item.revision).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 2),
    );
    const stored = await first.get(id);
    expect(stored?.revision).toBe(13);
    expect(stored?.version).toBe('0.1.12');
    expect((await first.list({ scope: 'user', owner: 'alice' })).map((item) => item.name)).toEqual([
      'release-checklist',
    ]);
  });

  it('tells another store instance what changed within a second (refresh and onChange)', {
    tags: ['slow'],
  }, async () => {
    const name = schema();
    const writer = await storeOn(database(), name);
    const reader = await storeOn(track(anotherConnection(database())), name);
    const pushed: (string[] | undefined)[] = [];
    reader.onChange((ids) => pushed.push(ids));
    const id = globalThis.crypto.randomUUID();
    await writer.put(skill(id, 'Seen by the other process.'));
    const changed: string[] = [];
    const seen = await eventually(async () => {
      changed.push(...(await reader.refresh()));
      return changed.includes(id);
    });
    expect(seen).toBe(true);
    expect(pushed).toContainEqual([id]);
    expect((await reader.get(id))?.description).toBe('Seen by the other process.');
    // Own writes are not reported back to the writer.
    expect(await writer.refresh()).toEqual([]);

    await writer.delete(id);
    const deleted: string[] = [];
    expect(
      await eventually(async () => {
        deleted.push(...(await reader.refresh()));
        return deleted.includes(id);
      }),
    ).toBe(true);
    expect(await reader.get(id)).toBeUndefined();
  });
});

describe.skipIf(TEST_DATABASE_KIND !== 'pg')('lost listening connection (server only)', () => {
  it('listens again and reports every id once, then sees new changes', {
    tags: ['slow'],
  }, async () => {
    const name = schema();
    const writer = await storeOn(database(), name);
    const reader = await storeOn(track(anotherConnection(database())), name);
    const before = await writer.put(skill(globalThis.crypto.randomUUID(), 'Written before.'));
    expect(await eventually(async () => (await reader.refresh()).includes(before.id))).toBe(true);
    // Every backend listening on this schema's channel, the reader's included, is cut off.
    const { rows } = await database().query<{ cut: boolean }>(
      `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
       WHERE query = $1 AND pid <> pg_backend_pid()`,
      [`LISTEN "${name}_skills"`],
    );
    expect(rows.length).toBeGreaterThan(0);
    const missed: string[] = [];
    expect(
      await eventually(async () => {
        missed.push(...(await reader.refresh()));
        return missed.includes(before.id);
      }, 5000),
    ).toBe(true);
    const after = await writer.put(skill(globalThis.crypto.randomUUID(), 'Written after.'));
    const seen: string[] = [];
    expect(
      await eventually(async () => {
        seen.push(...(await reader.refresh()));
        return seen.includes(after.id);
      }),
    ).toBe(true);
  });
});

describe('flat vector index shared by processes', () => {
  it('keeps another instance in sync within a second: upserts, deletes, clear', {
    tags: ['slow'],
  }, async () => {
    const name = schema();
    const open = (db: Database) =>
      createPostgresVectorIndex({
        database: db,
        schema: name,
        name: 'shared',
        dimensions: 2,
        search: 'flat',
      });
    const writer: PostgresVectorIndex = track(await open(database()));
    const reader: PostgresVectorIndex = track(await open(track(anotherConnection(database()))));
    await writer.upsert([
      { id: 'a', vector: [1, 0], hash: 'ha' },
      { id: 'b', vector: [0, 1] },
    ]);
    const top = async () => (await reader.query({ vector: [1, 0], topK: 1 }))[0]?.id;
    expect(await eventually(async () => (await top()) === 'a')).toBe(true);
    expect(await reader.getHash('a')).toBe('ha');
    await writer.delete(['a']);
    expect(await eventually(async () => (await top()) === 'b')).toBe(true);
    await writer.clear();
    expect(await eventually(async () => (await reader.count()) === 0)).toBe(true);
  });
});
