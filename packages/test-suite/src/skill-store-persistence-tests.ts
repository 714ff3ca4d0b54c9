import { describe, expect, it } from 'vitest';
import {
  normalizeFiles,
  randomId,
  type SkillStoreTestContext,
  userSkill,
} from './skill-store-test-kit';

/** Skills, resources and history survive a restart (persistent stores: the suite got `reopen`). */
export function definePersistenceTests(context: SkillStoreTestContext): void {
  const { store, user } = context;

  describe('persistence', () => {
    it('keeps skills, resources and history across a restart', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id, description: 'Before restart, revision one.' }), {
        files: [{ path: 'scripts/run.sh', content: 'echo 1\n' }],
        reason: 'create',
      });
      const latest = await store().put(
        userSkill(user(), { id, description: 'Before restart, revision two.' }),
        {
          files: [{ path: 'assets/data.bin', content: new Uint8Array([9, 8, 7]) }],
          reason: 'edit',
        },
      );
      const historyBefore = await store().history(id);
      const filesBefore = await store().readFiles(id);
      const firstBefore = await store().getRevision(id, 1);
      await context.reopenIfPossible();
      expect(await store().get(id)).toEqual(latest);
      expect(await store().history(id)).toEqual(historyBefore);
      expect(await store().getRevision(id, 1)).toEqual(firstBefore);
      expect(normalizeFiles(await store().readFiles(id))).toEqual(normalizeFiles(filesBefore));
      const third = await store().put(userSkill(user(), { id }), { expectedRevision: 2 });
      expect(third.revision).toBe(3);
    });
  });
}
