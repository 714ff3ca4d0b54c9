import type { SkillStore } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import {
  hasCode,
  randomId,
  type SkillStoreTestContext,
  text,
  userSkill,
} from './skill-store-test-kit';

type PutAll = NonNullable<SkillStore['putAll']>;

/** The optional `putAll` (all or nothing): skipped, with a note, for stores without it. */
export function definePutAllTests(context: SkillStoreTestContext): void {
  const { user } = context;

  function putAllOf(skip: (note?: string) => never): PutAll {
    const store = context.store();
    if (!store.putAll) return skip('the store has no putAll (optional)');
    return store.putAll.bind(store);
  }

  describe('putAll (optional)', () => {
    it('writes every item like a put and returns the skills in input order', async ({ skip }) => {
      const putAll = putAllOf(skip);
      const names = ['gamma-notes', 'alpha-notes', 'beta-notes'];
      const ids = names.map(() => randomId());
      const skills = await putAll(
        names.map((name, index) => ({
          input: userSkill(user(), { id: ids[index] as string, name }),
          options: { reason: 'import', files: [{ path: 'notes.md', content: name }] },
        })),
      );
      expect(skills.map((skill) => [skill.id, skill.name, skill.revision])).toEqual(
        names.map((name, index) => [ids[index], name, 1]),
      );
      await context.reopenIfPossible();
      for (const [index, id] of ids.entries()) {
        expect((await context.store().history(id)).map((entry) => entry.reason)).toEqual([
          'import',
        ]);
        const files = await context.store().readFiles(id);
        expect(text(files?.find((file) => file.path === 'notes.md')?.content)).toBe(names[index]);
      }
      expect(await putAllOf(skip)([])).toEqual([]);
    });

    it('writes nothing when one item is bad, conflicts or repeats an id', async ({ skip }) => {
      const putAll = putAllOf(skip);
      const existing = await context.store().put(userSkill(user(), { name: 'existing-skill' }));
      const good = () => ({ input: userSkill(user(), { id: randomId(), name: 'good-skill' }) });
      const batches = [
        [good(), { input: userSkill(user(), { id: randomId(), name: 'Bad Name' }) }],
        [
          good(),
          {
            input: userSkill(user(), { id: existing.id, name: 'existing-skill' }),
            options: { expectedRevision: 5 },
          },
        ],
        [
          good(),
          { input: userSkill(user(), { id: existing.id, description: 'First change here.' }) },
          { input: userSkill(user(), { id: existing.id, description: 'Second change here.' }) },
        ],
      ];
      for (const batch of batches) {
        const error = await putAll(batch).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toSatisfy(
          hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT', 'SKILL_VALIDATION_ERROR', 'CONFLICT'),
        );
        const stored = await context.store().list({ scope: 'user', owner: user() });
        expect(stored.map((skill) => skill.id)).toEqual([existing.id]);
        expect((await context.store().get(existing.id))?.revision).toBe(1);
      }
    });
  });
}
