import type { Skill } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import {
  randomId,
  randomOwner,
  type SkillStoreTestContext,
  sampleDocument,
  userSkill,
} from './skill-store-test-kit';

/** put / get / list / delete, and how scopes and owners separate skills. */
export function defineCrudTests(context: SkillStoreTestContext): void {
  const { store, user } = context;

  describe('put / get / list / delete', () => {
    it('stores a new skill at revision 1 and gives it an id', async () => {
      const stored = await store().put(userSkill(user(), { id: '' }));
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(stored.revision).toBe(1);
      expect(stored.scope).toBe('user');
      expect(stored.owner).toBe(user());
      expect(stored.files).toEqual([]);
      const read = await store().get(stored.id);
      expect(read).toEqual(stored);
      expect(read?.description).toBe(sampleDocument().description);
      expect(read?.instructions).toBe(sampleDocument().instructions);
      expect(read?.triggers).toEqual(sampleDocument().triggers);
    });

    it('returns copies: changing a returned skill does not change the store', async () => {
      const stored = await store().put(userSkill(user(), { id: randomId() }));
      stored.tags.push('mutated');
      const read = await store().get(stored.id);
      if (!read) throw new Error('skill missing');
      read.triggers.push('mutated');
      read.metadata.extra = 'mutated';
      (await store().list({ scope: 'user', owner: user() }))[0]?.tags.push('mutated');
      const again = await store().get(stored.id);
      expect(again?.tags).toEqual(['release']);
      expect(again?.triggers).toEqual(sampleDocument().triggers);
      expect(again?.metadata).toEqual({});
    });

    it('keeps the id the caller gives', async () => {
      const id = randomId();
      const stored = await store().put(userSkill(user(), { id }));
      expect(stored.id).toBe(id);
      expect((await store().get(id))?.name).toBe('release-checklist');
    });

    it('returns undefined for an unknown id', async () => {
      expect(await store().get(randomId())).toBeUndefined();
      expect(await store().readFiles(randomId())).toBeUndefined();
      expect(await store().history(randomId())).toEqual([]);
      expect(await store().getRevision(randomId(), 1)).toBeUndefined();
    });

    it('lists skills sorted by name, then id', async () => {
      await store().put(userSkill(user(), { id: randomId(), name: 'zebra-notes' }));
      await store().put(userSkill(user(), { id: randomId(), name: 'alpha-notes' }));
      await store().put(userSkill(user(), { id: randomId(), name: 'middle-notes' }));
      const listed = await store().list({ scope: 'user', owner: user() });
      expect(listed.map((skill) => skill.name)).toEqual([
        'alpha-notes',
        'middle-notes',
        'zebra-notes',
      ]);
    });

    it('deletes a skill with its history; deleting again or a missing id returns false', async () => {
      const stored = await store().put(userSkill(user(), { id: randomId() }));
      await store().put(
        userSkill(user(), { id: stored.id, description: 'Second description of the skill.' }),
      );
      expect(await store().delete(stored.id)).toBe(true);
      expect(await store().get(stored.id)).toBeUndefined();
      expect(await store().history(stored.id)).toEqual([]);
      expect(await store().readFiles(stored.id)).toBeUndefined();
      expect(await store().list({ scope: 'user', owner: user() })).toEqual([]);
      expect(await store().delete(stored.id)).toBe(false);
      expect(await store().delete(randomId())).toBe(false);
    });

    it('gives a colliding name of the same owner a numeric suffix, but not across owners', async () => {
      const other = randomOwner('other');
      const first = await store().put(userSkill(user(), { id: randomId() }));
      const second = await store().put(userSkill(user(), { id: randomId() }));
      const third = await store().put(userSkill(user(), { id: randomId() }));
      const foreign = await store().put(userSkill(other, { id: randomId() }));
      expect([first.name, second.name, third.name]).toEqual([
        'release-checklist',
        'release-checklist-2',
        'release-checklist-3',
      ]);
      expect(foreign.name).toBe('release-checklist');
      expect((await store().get(second.id))?.name).toBe('release-checklist-2');
    });

    it('renames a skill when it is put with a new name', async () => {
      const stored = await store().put(userSkill(user(), { id: randomId() }), {
        files: [{ path: 'references/notes.md', content: 'notes' }],
      });
      const renamed = await store().put(
        userSkill(user(), { id: stored.id, name: 'shipping-checklist' }),
      );
      expect(renamed.name).toBe('shipping-checklist');
      expect(renamed.files).toEqual(['references/notes.md']);
      const listed = await store().list({ scope: 'user', owner: user() });
      expect(listed.map((skill) => skill.name)).toEqual(['shipping-checklist']);
      await context.reopenIfPossible();
      expect((await store().get(stored.id))?.name).toBe('shipping-checklist');
    });

    it('keeps createdAt and never repeats a version label for new content', async () => {
      const stored = await store().put(userSkill(user(), { id: randomId(), version: '0.2.0' }));
      const again = await store().put(userSkill(user(), { id: stored.id, version: '0.1.0' }));
      expect(again.createdAt).toBe(stored.createdAt);
      expect(again.version).toBe('0.2.1');
      const bumped = await store().put(userSkill(user(), { id: stored.id, version: '1.0.0' }));
      expect(bumped.version).toBe('1.0.0');
    });
  });

  describe('scopes and owners', () => {
    it('separates user skills from library skills and users from each other', async () => {
      const other = randomOwner('other');
      const library = randomOwner('library');
      const mine = await store().put(userSkill(user(), { id: randomId(), name: 'mine' }));
      const theirs = await store().put(userSkill(other, { id: randomId(), name: 'theirs' }));
      const shared = await store().put({
        ...sampleDocument({ id: randomId(), name: 'shared' }),
        scope: 'common',
        owner: library,
      });
      const root = await store().put({
        ...sampleDocument({ id: randomId(), name: 'root-shared' }),
        scope: 'common',
        owner: 'Common',
      });
      expect(shared.scope).toBe('common');
      expect(shared.owner).toBe(library);
      expect(root.owner).toBe('Common');

      const ids = (skills: Skill[]) => skills.map((skill) => skill.id);
      expect(ids(await store().list({ scope: 'user', owner: user() }))).toEqual([mine.id]);
      expect(ids(await store().list({ scope: 'user', owner: other }))).toEqual([theirs.id]);
      const all = ids(await store().list({ scope: 'all', owner: user() }));
      expect(all).toContain(mine.id);
      expect(all).toContain(shared.id);
      expect(all).toContain(root.id);
      expect(all).not.toContain(theirs.id);
      const common = ids(await store().list({ scope: 'common' }));
      expect(common).toContain(shared.id);
      expect(common).toContain(root.id);
      expect(common).not.toContain(mine.id);
      const everyUser = ids(await store().list({ scope: 'user' }));
      expect(everyUser).toEqual(expect.arrayContaining([mine.id, theirs.id]));
      expect(everyUser).not.toContain(shared.id);
      const everything = ids(await store().list());
      expect(everything).toEqual(expect.arrayContaining([mine.id, theirs.id, shared.id, root.id]));
      expect((await store().get(shared.id))?.owner).toBe(library);
    });
  });
}
