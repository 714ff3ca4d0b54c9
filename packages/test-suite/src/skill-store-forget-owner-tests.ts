import type { Skill, SkillStore } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import {
  BAD_USER_IDS,
  randomId,
  randomOwner,
  type SkillStoreTestContext,
  sampleDocument,
  userSkill,
} from './skill-store-test-kit';

type Forgetting = Required<Pick<SkillStore, 'forgetOwner'>>;

/** forgetOwner (optional): one user's skills go with every revision; nobody else's do. */
export function defineForgetOwnerTests(context: SkillStoreTestContext): void {
  const { user } = context;

  function forgettingOf(skip: (note?: string) => never): SkillStore & Forgetting {
    const store = context.store();
    if (!store.forgetOwner) return skip('the store has no forgetOwner (optional)');
    return store as SkillStore & Forgetting;
  }

  describe('forgetOwner (optional)', () => {
    it('deletes the user’s skills with their history, archived ones too, and nothing else', async ({
      skip,
    }) => {
      const store = forgettingOf(skip);
      const other = randomOwner('other');
      const first = await store.put(userSkill(user(), { id: randomId(), name: 'first' }), {
        files: [{ path: 'scripts/run.sh', content: 'echo hi\n' }],
      });
      await store.put({ ...first, description: 'Second version of the first skill.' });
      const second = await store.put(userSkill(user(), { id: randomId(), name: 'second' }));
      const theirs = await store.put(userSkill(other, { id: randomId(), name: 'first' }));
      const library = await store.put({
        ...sampleDocument({ id: randomId(), name: 'shared' }),
        scope: 'common',
        owner: 'Common',
      });
      const archived = store.archive ? await store.archive(second.id) : undefined;

      const forgotten = await store.forgetOwner(user());

      expect([...forgotten].sort()).toEqual([first.id, second.id].sort());
      for (const id of [first.id, second.id]) {
        expect(await store.get(id)).toBeUndefined();
        expect(await store.history(id)).toEqual([]);
        expect(await store.getRevision(id, 1)).toBeUndefined();
        expect(await store.readFiles(id, { revision: 1 })).toBeUndefined();
      }
      expect(await store.list({ scope: 'user', owner: user() })).toEqual([]);
      if (archived) expect(await store.listArchived?.({ owner: user() })).toEqual([]);
      const kept = (skill: Skill | undefined) => skill?.id;
      expect(kept(await store.get(theirs.id))).toBe(theirs.id);
      expect(kept(await store.get(library.id))).toBe(library.id);
      expect(await store.history(theirs.id)).toHaveLength(1);
      // The user may come back: a new skill starts a new history.
      const again = await store.put(userSkill(user(), { id: first.id, name: 'first' }));
      expect(again.revision).toBe(1);
      expect(await store.forgetOwner(randomOwner('nobody'))).toEqual([]);
    });

    it('refuses a pattern or a path instead of one user id', async ({ skip }) => {
      const store = forgettingOf(skip);
      for (const owner of [...BAD_USER_IDS, '*'])
        await expect(store.forgetOwner(owner), owner).rejects.toThrow();
    });
  });
}
