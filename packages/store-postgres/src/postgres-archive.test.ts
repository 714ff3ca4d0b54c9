import { AutoSkillError, type SkillPutInput } from '@autoskill/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresSkillStore, type Database, type PostgresSkillStore } from './index';
import {
  anotherConnection,
  DATABASE_START_TIMEOUT,
  dropSchema,
  eventually,
  freshSchema,
  useTestDatabase,
} from './test-support/test-database';

// Archive, restore and forgetOwner on PostgreSQL beyond the shared suite: other replicas hear of
// them, history outlives the live row, and forgetting leaves no row of the owner.

const database = useTestDatabase();
const opened: { close(): Promise<void> }[] = [];
const schemas: string[] = [];

afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
  for (const schema of schemas.splice(0)) await dropSchema(database(), schema);
});

function schema(): string {
  const name = freshSchema();
  schemas.push(name);
  return name;
}

async function storeOn(db: Database, schemaName: string): Promise<PostgresSkillStore> {
  const store = await createPostgresSkillStore({ database: db, schema: schemaName });
  opened.push(store);
  return store;
}

/** Two stores on one schema over separate connections, as two replicas have. */
async function replicas(): Promise<[PostgresSkillStore, PostgresSkillStore]> {
  const name = schema();
  const first = await storeOn(database(), name);
  const other = anotherConnection(database());
  opened.push(other);
  return [first, await storeOn(other, name)];
}

function skill(owner: string, overrides: Partial<SkillPutInput> = {}): SkillPutInput {
  return {
    id: globalThis.crypto.randomUUID(),
    name: 'release-checklist',
    title: 'Release checklist',
    description: 'Steps to ship a release.',
    instructions: '# Steps\n\n1. Run the tests.',
    version: '0.1.0',
    tags: [],
    triggers: [],
    examples: [],
    metadata: {},
    extra: {},
    scope: 'user',
    owner,
    ...overrides,
  };
}

/** The ids `store` hears of from other replicas (the list grows as notifications come). */
function heard(store: PostgresSkillStore): () => string[] {
  const ids: string[] = [];
  store.onChange((changed) => ids.push(...(changed ?? [])));
  return () => ids;
}

describe('PostgreSQL archive, restore and forgetOwner', () => {
  it('tells other replicas of archive, restore and forgetOwner within a second', {
    tags: ['slow'],
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const [writer, reader] = await replicas();
    const created = await writer.put(skill('alice'));
    const other = await writer.put(skill('alice', { name: 'deploy-steps' }));
    const kept = await writer.put(skill('bob'));
    await reader.refresh();
    const ids = heard(reader);

    await writer.archive(created.id, { reason: 'unused' });
    expect(await eventually(async () => ids().includes(created.id))).toBe(true);
    expect(await reader.refresh()).toContain(created.id);
    expect(await reader.get(created.id)).toBeUndefined();
    expect((await reader.listArchived({ owner: 'alice' }))[0]).toMatchObject({
      id: created.id,
      reason: 'unused',
    });

    ids().length = 0;
    await writer.restore(created.id);
    expect(await eventually(async () => ids().includes(created.id))).toBe(true);
    expect((await reader.get(created.id))?.revision).toBe(1);

    await writer.archive(other.id);
    ids().length = 0;
    expect([...(await writer.forgetOwner('alice'))].sort()).toEqual([created.id, other.id].sort());
    expect(
      await eventually(async () => [created.id, other.id].every((id) => ids().includes(id))),
    ).toBe(true);
    expect(await reader.list({ scope: 'user', owner: 'alice' })).toEqual([]);
    expect((await reader.get(kept.id))?.owner).toBe('bob');
  });

  it('goes on from an archived skill’s history when its id is written again', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const store = await storeOn(database(), schema());
    const first = await store.put(skill('alice'));
    await store.put({ ...first, description: 'Second.' });
    await store.archive(first.id);

    const again = await store.put({ ...first, description: 'Third, written while archived.' });
    expect(again).toMatchObject({ revision: 3, version: '0.1.2' });
    expect((await store.history(first.id)).map((entry) => entry.revision)).toEqual([1, 2, 3]);
    await expect(store.restore(first.id)).rejects.toSatisfy(
      (error) => AutoSkillError.isInstance(error) && error.code === 'CONFLICT',
    );
    // Archived again: the newer copy replaces the older one in the archive.
    expect(await store.archive(first.id)).toMatchObject({ revision: 3 });
    expect(await store.listArchived()).toHaveLength(1);
    expect(await store.restore(first.id)).toMatchObject({ revision: 3 });
  });

  it('deletes history and resource rows with the skill, and forgetOwner every row of the owner', {
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const name = schema();
    const store = await storeOn(database(), name);
    const files = [{ path: 'scripts/run.sh', content: 'echo hi\n' }];
    const gone = await store.put(skill('alice'), { files });
    await store.put({ ...gone, description: 'Second.' }, { files });
    expect(await store.delete(gone.id)).toBe(true);
    const archivedOnly = await store.put(skill('alice', { name: 'deploy-steps' }), { files });
    await store.archive(archivedOnly.id);
    // delete() is for live skills; an archived one stays archived.
    expect(await store.delete(archivedOnly.id)).toBe(false);
    await store.put(skill('alice', { name: 'third' }), { files });
    await store.put(skill('bob'), { files });

    await store.forgetOwner('alice');

    const count = async (table: string, where: string) => {
      const { rows } = await database().query<{ n: number | string }>(
        `SELECT count(*) AS n FROM "${name}".${table} AS row WHERE ${where}`,
      );
      return Number(rows[0]?.n);
    };
    for (const table of ['skills', 'archived_skills', 'owners'])
      expect(await count(table, `row.owner = 'alice'`), table).toBe(0);
    for (const table of ['skill_revisions', 'skill_files'])
      expect(
        await count(table, `row.skill_id NOT IN (SELECT id FROM "${name}".skills)`),
        table,
      ).toBe(0);
    expect(await count('skill_files', 'true')).toBe(1);
    expect(await count('owners', `row.owner = 'bob'`)).toBe(1);
  });
});
