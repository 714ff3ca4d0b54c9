import type { SkillStore } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import {
  hasCode,
  normalizeFiles,
  randomId,
  type SkillStoreTestContext,
  userSkill,
} from './skill-store-test-kit';

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

    it('reports an archived skill the same way from archive and listArchived; no empty reason', async ({
      skip,
    }) => {
      const archiving = archivingOf(skip);
      const store = context.store();
      const id = randomId();
      const skill = await store.put(userSkill(user(), { id }));
      const archived = await archiving.archive(id, { reason: '' });
      expect(archived).toEqual({
        id,
        name: skill.name,
        title: skill.title,
        description: skill.description,
        version: skill.version,
        revision: skill.revision,
        scope: 'user',
        owner: user(),
        archivedAt: expect.any(String),
      });
      expect(await archiving.listArchived({ owner: user() })).toEqual([archived]);
    });

    it('keeps the resource files of every revision and brings them back', async ({ skip }) => {
      const archiving = archivingOf(skip);
      const store = context.store();
      const id = randomId();
      await store.put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/a.sh', content: 'echo one\n' }],
      });
      await store.put(userSkill(user(), { id, description: 'Second version of the skill.' }), {
        files: [{ path: 'scripts/b.bin', content: new Uint8Array([0, 255, 1]) }],
      });
      const before = [1, 2].map((revision) => store.readFiles(id, { revision }));
      const filesBefore = (await Promise.all(before)).map(normalizeFiles);
      const currentBefore = normalizeFiles(await store.readFiles(id));

      await archiving.archive(id);
      expect(await store.readFiles(id)).toBeUndefined();
      expect(await archiving.restore(id)).toMatchObject({
        id,
        files: ['scripts/a.sh', 'scripts/b.bin'],
      });

      const after = [1, 2].map((revision) => store.readFiles(id, { revision }));
      expect((await Promise.all(after)).map(normalizeFiles)).toEqual(filesBefore);
      expect(normalizeFiles(await store.readFiles(id))).toEqual(currentBefore);
    });

    it('frees the name while archived; restore is a CONFLICT once another skill took it', async ({
      skip,
    }) => {
      const archiving = archivingOf(skip);
      const store = context.store();
      const first = await store.put(userSkill(user(), { id: randomId(), name: 'taken-name' }));
      await archiving.archive(first.id);
      const second = await store.put(userSkill(user(), { id: randomId(), name: 'taken-name' }));
      expect(second.name).toBe('taken-name');
      await expect(archiving.restore(first.id)).rejects.toSatisfy(hasCode('CONFLICT'));
      expect(await store.get(first.id)).toBeUndefined();
      expect((await archiving.listArchived({ owner: user() })).map((item) => item.id)).toEqual([
        first.id,
      ]);
      // Once the other skill is out of the way, the restore goes through.
      await store.delete(second.id);
      expect((await archiving.restore(first.id))?.name).toBe('taken-name');
    });

    it('answers undefined for ids it does not hold', async ({ skip }) => {
      const archiving = archivingOf(skip);
      expect(await archiving.archive(randomId())).toBeUndefined();
      expect(await archiving.restore(randomId())).toBeUndefined();
    });
  });
}
