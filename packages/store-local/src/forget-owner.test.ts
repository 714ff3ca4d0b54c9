import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore, type LocalSkillStore } from './index';
import { listTree, userSkill } from './test-helpers';

let directory: string;
const open: LocalSkillStore[] = [];
const store = async () => {
  const opened = await createLocalSkillStore({ directory, lockLingerMs: 0 });
  open.push(opened);
  return opened;
};

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-forget-owner-'));
});
afterEach(async () => {
  for (const opened of open.splice(0)) await opened.close();
  await rm(directory, { recursive: true, force: true });
});

describe('forgetOwner', () => {
  it('deletes one owner with history, scrubs the journal, and another process sees it at once', async () => {
    const writer = await store();
    const reader = await store();
    const alice = await writer.put(userSkill('alice', { id: '', name: 'alice-steps' }));
    await writer.put({ ...alice, instructions: `${alice.instructions}\n2. Tag it.` });
    const bob = await writer.put(userSkill('bob', { id: '', name: 'bob-steps' }));
    expect((await reader.list({ scope: 'user', owner: 'alice' })).map((skill) => skill.id)).toEqual(
      [alice.id],
    );

    expect(await writer.forgetOwner('alice')).toEqual([alice.id]);

    expect(await reader.get(alice.id)).toBeUndefined();
    expect(await reader.list({ scope: 'user', owner: 'alice' })).toEqual([]);
    expect((await reader.get(bob.id))?.owner).toBe('bob');
    const journal = await readFile(join(directory, '.autoskill', 'journal.log'), 'utf8');
    expect(journal).not.toContain('alice');
    expect(journal).not.toContain(alice.id);
    expect(journal).toContain(bob.id);
    const tree = await listTree(directory);
    expect(tree.filter((path) => path.includes('alice') || path.includes(alice.id))).toEqual([]);
    // A later write goes on from where the rewritten journal ends.
    const next = await writer.put(userSkill('bob', { id: '', name: 'bob-more' }));
    expect((await reader.get(next.id))?.owner).toBe('bob');
  });

  it('refuses a pattern or a path instead of a user id', async () => {
    const opened = await store();
    for (const owner of ['', '*', '..', 'a/b'])
      await expect(opened.forgetOwner(owner), owner).rejects.toThrow();
  });
});
