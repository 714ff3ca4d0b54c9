import { describe, expect, it } from 'vitest';
import { randomId, type SkillStoreTestContext, userSkill } from './skill-store-test-kit';

const HAND_WRITTEN = `---
name: hand-written-notes
description: "Notes written by hand. Use when the user asks for the notes."
---

# Notes

Written straight into the storage, without an id.
`;

/**
 * The optional `refresh`, `rescan`, `loadErrors` and `assignedIds`: each test skips (with a note)
 * when the store lacks what it checks. With the suite's `writeSkillFile` hook, `rescan()` is also
 * checked against files written behind the store's back.
 */
export function defineScanTests(context: SkillStoreTestContext): void {
  const { store, user } = context;

  describe('refresh, rescan, loadErrors, assignedIds (optional)', () => {
    it('lists no load errors and no assigned ids for what the store wrote itself', async ({
      skip,
    }) => {
      const current = store();
      if (current.loadErrors === undefined && current.assignedIds === undefined)
        skip('the store has no loadErrors or assignedIds (optional)');
      await current.put(userSkill(user(), { id: randomId() }));
      for (const list of [current.loadErrors, current.assignedIds]) {
        if (list === undefined) continue;
        expect(Array.isArray(list)).toBe(true);
        expect(list).toEqual([]);
      }
    });

    it('reports nothing from refresh() when no one else wrote', async ({ skip }) => {
      const current = store();
      if (!current.refresh) return skip('the store has no refresh (optional)');
      await current.put(userSkill(user(), { id: randomId() }));
      expect(await current.refresh()).toEqual([]);
    });

    it('rescans without losing or changing what it wrote itself', async ({ skip }) => {
      const current = store();
      if (!current.rescan) return skip('the store has no rescan (optional)');
      const first = await current.put(userSkill(user(), { id: randomId(), name: 'first-skill' }));
      const second = await current.put(
        userSkill(user(), { id: randomId(), name: 'second-skill' }),
        { files: [{ path: 'references/notes.md', content: 'notes\n' }] },
      );
      await current.put(userSkill(user(), { id: first.id, name: 'first-skill', version: '0.2.0' }));
      const latest = await current.get(first.id);
      const history = await current.history(first.id);
      const changed = await current.rescan();
      expect(changed).toEqual([]);
      expect(await current.get(first.id)).toEqual(latest);
      expect(await current.get(second.id)).toEqual(second);
      expect(await current.history(first.id)).toEqual(history);
      expect(await current.list({ scope: 'user', owner: user() })).toHaveLength(2);
      if (current.loadErrors !== undefined) expect(current.loadErrors).toEqual([]);
      if (current.assignedIds !== undefined) expect(current.assignedIds).toEqual([]);
    });

    it('picks up files written behind its back: gives an id where none is, reports broken ones', async ({
      skip,
    }) => {
      const current = store();
      const write = context.writeSkillFile;
      if (!current.rescan || !write)
        return skip('needs rescan (optional) and the suite option writeSkillFile');
      const kept = await current.put(userSkill(user(), { id: randomId(), name: 'kept-skill' }));
      await write(current, { owner: user(), folder: 'hand-written-notes', markdown: HAND_WRITTEN });
      await write(current, { owner: user(), folder: 'broken-notes', markdown: 'no frontmatter' });
      const changed = await current.rescan();

      const assigned = current.assignedIds ?? [];
      expect(assigned).toHaveLength(1);
      const [{ id, path } = { id: '', path: '' }] = assigned;
      expect(id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(path).toContain('hand-written-notes');
      expect(changed).toContain(id);
      const found = await current.get(id);
      expect(found?.name).toBe('hand-written-notes');
      expect(found?.owner).toBe(user());

      const errors = current.loadErrors ?? [];
      expect(errors).toHaveLength(1);
      expect(errors[0]?.path).toContain('broken-notes');
      expect(typeof errors[0]?.message).toBe('string');
      expect(errors[0]?.message.length).toBeGreaterThan(0);
      expect(await current.get(kept.id)).toEqual(kept);

      // A second rescan keeps the id it gave and assigns nothing new.
      expect(await current.rescan()).toEqual([]);
      expect(current.assignedIds ?? []).toEqual([]);
      expect((await current.get(id))?.name).toBe('hand-written-notes');
    });
  });
}
