import { describe, expect, it } from 'vitest';
import {
  hasCode,
  randomId,
  type SkillStoreTestContext,
  text,
  userSkill,
} from './skill-store-test-kit';

/** Revisions: history, old content, rollbacks and optimistic concurrency (`expectedRevision`). */
export function defineRevisionTests(context: SkillStoreTestContext): void {
  const { store, user } = context;

  describe('revisions', () => {
    it('records every put as a revision and returns old content by revision', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id, description: 'First version of the skill.' }), {
        reason: 'create',
      });
      await store().put(userSkill(user(), { id, description: 'Second version of the skill.' }), {
        reason: 'edit',
      });
      const second = await store().getRevision(id, 2);
      expect(second?.description).toBe('Second version of the skill.');
      expect((await store().getRevision(id, 1))?.revision).toBe(1);
      expect(await store().getRevision(id, 3)).toBeUndefined();
      const history = await store().history(id);
      expect(history.map((entry) => entry.revision)).toEqual([1, 2]);
      expect(history.map((entry) => entry.reason)).toEqual(['create', 'edit']);
      expect(history.map((entry) => entry.version)).toEqual(['0.1.0', '0.1.1']);
      expect(history.every((entry) => !Number.isNaN(Date.parse(entry.savedAt)))).toBe(true);
    });

    it('restores a revision exactly on rollback and bumps past the highest version afterwards', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id, description: 'First version of the skill.' }), {
        reason: 'create',
      });
      const firstFiles = await store().readFiles(id);
      await store().put(userSkill(user(), { id, description: 'Second version of the skill.' }), {
        reason: 'edit',
      });
      const first = await store().getRevision(id, 1);
      if (!first) throw new Error('revision 1 missing');
      const restored = await store().put(first, { reason: 'rollback', restoredFrom: 1 });
      expect(restored.revision).toBe(3);
      expect(restored.version).toBe('0.1.0');
      expect(restored.description).toBe('First version of the skill.');
      expect(restored.updatedAt).toBe(first.updatedAt);
      expect((await store().readFiles(id))?.[0]?.content).toBe(firstFiles?.[0]?.content);
      const history = await store().history(id);
      expect(
        history.map((entry) => [entry.revision, entry.version, entry.reason, entry.restoredFrom]),
      ).toEqual([
        [1, '0.1.0', 'create', undefined],
        [2, '0.1.1', 'edit', undefined],
        [3, '0.1.0', 'rollback', 1],
      ]);
      const next = await store().put(
        userSkill(user(), { id, version: '0.1.0', description: 'After the rollback.' }),
      );
      expect(next.version).toBe('0.1.2');
    });

    it('restores the resources of a revision on rollback', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/one.sh', content: 'echo one\n' }],
      });
      await store().put(userSkill(user(), { id, description: 'Second.' }), {
        files: [{ path: 'scripts/two.sh', content: 'echo two\n' }],
        replaceFiles: true,
      });
      const first = await store().getRevision(id, 1);
      if (!first) throw new Error('revision 1 missing');
      await expect(store().put(first, { reason: 'rollback', restoredFrom: 9 })).rejects.toSatisfy(
        hasCode('INVALID_ARGUMENT'),
      );
      const restored = await store().put(first, { reason: 'rollback', restoredFrom: 1 });
      expect(restored.files).toEqual(['scripts/one.sh']);
      const files = await store().readFiles(id);
      expect(files?.map((file) => file.path)).toEqual(['SKILL.md', 'scripts/one.sh']);
      expect(text(files?.[1]?.content)).toBe('echo one\n');
    });

    it('keeps the resources of old revisions', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/run.sh', content: 'echo one\n' }],
      });
      await store().put(userSkill(user(), { id }), {
        files: [{ path: 'scripts/other.sh', content: 'echo two\n' }],
        replaceFiles: true,
      });
      expect((await store().getRevision(id, 1))?.files).toEqual(['scripts/run.sh']);
      expect((await store().getRevision(id, 2))?.files).toEqual(['scripts/other.sh']);
      const old = await store().readFiles(id, { revision: 1 });
      expect(old?.map((file) => file.path)).toEqual(['SKILL.md', 'scripts/run.sh']);
      expect(text(old?.[1]?.content)).toBe('echo one\n');
      expect(String(old?.[0]?.content)).toContain('release-checklist');
      expect(await store().readFiles(id, { revision: 7 })).toBeUndefined();
    });

    it('rejects a put whose expectedRevision is stale (CONFLICT) and keeps the stored skill', async () => {
      const id = randomId();
      await store().put(userSkill(user(), { id }), { expectedRevision: 0 });
      await expect(
        store().put(userSkill(user(), { id }), { expectedRevision: 0 }),
      ).rejects.toSatisfy(hasCode('CONFLICT'));
      const second = await store().put(
        userSkill(user(), { id, description: 'Updated by writer A.' }),
        { expectedRevision: 1 },
      );
      expect(second.revision).toBe(2);
      await expect(
        store().put(userSkill(user(), { id, description: 'Updated by writer B.' }), {
          expectedRevision: 1,
        }),
      ).rejects.toSatisfy(hasCode('CONFLICT'));
      expect((await store().get(id))?.description).toBe('Updated by writer A.');
      expect((await store().history(id)).length).toBe(2);
    });
  });
}
