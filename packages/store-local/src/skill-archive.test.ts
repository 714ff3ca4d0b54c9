import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError } from '@autoskill/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore, type LocalSkillStore } from './index';
import { userSkill } from './test-helpers';

describe('archive and restore', () => {
  let directory: string;
  const open: LocalSkillStore[] = [];
  const openStore = async () => {
    const store = await createLocalSkillStore({ directory, sync: false });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'autoskill-archive-'));
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('takes a skill out of use, keeps it out after a reopen, and restores every version', async () => {
    const store = await openStore();
    const created = await store.put(userSkill('alice'));
    await store.put({
      ...userSkill('alice', { id: created.id }),
      description: 'Edited. Use when releasing.',
    });
    const other = await openStore(); // a second process on the same directory

    const archived = await store.archive(created.id, { reason: 'unused for 30 days' });
    expect(archived).toMatchObject({
      id: created.id,
      owner: 'alice',
      revision: 2,
      reason: 'unused for 30 days',
    });
    expect(await store.get(created.id)).toBeUndefined();
    expect(await store.list({ owner: 'alice' })).toEqual([]);
    expect(await other.get(created.id)).toBeUndefined();
    expect((await other.listArchived({ owner: 'alice' })).map((skill) => skill.id)).toEqual([
      created.id,
    ]);
    expect(await other.listArchived({ owner: 'bob' })).toEqual([]);

    await store.close();
    const reopened = await openStore();
    expect(await reopened.list()).toEqual([]);
    expect(await reopened.rescan()).toEqual([]);
    expect(await reopened.get(created.id)).toBeUndefined();

    const restored = await reopened.restore(created.id);
    expect(restored).toMatchObject({
      id: created.id,
      revision: 2,
      description: 'Edited. Use when releasing.',
    });
    expect((await reopened.history(created.id)).map((item) => item.revision)).toEqual([1, 2]);
    expect((await reopened.getRevision(created.id, 1))?.description).toBe(
      userSkill('alice').description,
    );
    expect(await other.get(created.id)).toMatchObject({ id: created.id, revision: 2 });
    expect(await reopened.listArchived()).toEqual([]);
    const markdown = await readFile(
      join(directory, 'Users/alice/release-checklist/SKILL.md'),
      'utf8',
    );
    expect(markdown).toContain('Edited. Use when releasing.');
  });

  it('refuses to restore over a skill that took the folder, and ignores unknown ids', async () => {
    const store = await openStore();
    const first = await store.put(userSkill('alice'));
    await store.archive(first.id);
    await store.put(userSkill('alice')); // a new skill with the same name takes the folder
    await expect(store.restore(first.id)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.listArchived()).map((skill) => skill.id)).toEqual([first.id]);
    expect(await store.restore('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await store.archive('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await store.restore('../../etc')).toBeUndefined();
  });
});
