import type { SkillStore } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { randomId, type SkillStoreTestContext, userSkill } from './skill-store-test-kit';

type Archiving = Required<Pick<SkillStore, 'archive' | 'restore' | 'listArchived'>>;

/** Archive and restore (optional): out of use without losing anything, back with every version. */
export function defineArchiveTests(context: SkillStoreTestContext): void {
  const { user } = context;

  function archivingOf(skip: (note?: string) => never): Archiving {
    const store = context.store();
    if (!store.archive || !store.restore || !store.listArchived)
      return skip('the store has no archive/restore (optional)');
    return store as Archiving;
  }

  describe('archive and restore (optional)', () => {
    it('takes a skill out of get/list, keeps it listed as archived, and restores every revision', async ({
      skip,
    }) => {
      const archiving = archivingOf(skip);
      const store = context.store();
      const id = randomId();
      await store.put(userSkill(user(), { id, description: 'First version of the skill.' }));
      await store.put(userSkill(user(), { id, description: 'Second version of the skill.' }));

      const archived = await archiving.archive(id, { reason: 'unused' });
      expect(archived).toMatchObject({
        id,
        owner: user(),
        scope: 'user',
        revision: 2,
        reason: 'unused',
      });
      expect(await store.get(id)).toBeUndefined();
      expect(await store.list({ owner: user() })).toEqual([]);
      expect((await archiving.listArchived({ owner: user() })).map((item) => item.id)).toEqual([
        id,
      ]);
      expect(await archiving.listArchived({ owner: 'someone-else' })).toEqual([]);

      await context.reopenIfPossible();
      const reopened = context.store() as SkillStore & Archiving;
      expect(await reopened.get(id)).toBeUndefined();
      const restored = await reopened.restore(id);
      expect(restored).toMatchObject({
        id,
        revision: 2,
        description: 'Second version of the skill.',
      });
      expect((await reopened.history(id)).map((entry) => entry.revision)).toEqual([1, 2]);
      expect((await reopened.getRevision(id, 1))?.description).toBe('First version of the skill.');
      expect(await reopened.listArchived({ owner: user() })).toEqual([]);
    });

    it('answers undefined for ids it does not hold', async ({ skip }) => {
      const archiving = archivingOf(skip);
      expect(await archiving.archive(randomId())).toBeUndefined();
      expect(await archiving.restore(randomId())).toBeUndefined();
    });
  });
}
