import type { SkillStore } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import {
  bytes,
  hasCode,
  randomId,
  type SkillStoreTestContext,
  text,
  userSkill,
} from './skill-store-test-kit';

type PutMany = NonNullable<SkillStore['putMany']>;

/**
 * The optional `putMany`: skipped (with a note) for stores without it, like `persistence` for
 * stores without `reopen`.
 */
export function definePutManyTests(context: SkillStoreTestContext): void {
  const { user } = context;

  /** The store's `putMany`, bound; skips the test when the store has none. */
  function putManyOf(skip: (note?: string) => never): PutMany {
    const store = context.store();
    if (!store.putMany) return skip('the store has no putMany (optional)');
    return store.putMany.bind(store);
  }

  describe('putMany (optional)', () => {
    it('returns one outcome per item, in input order, each like a put', async ({ skip }) => {
      const putMany = putManyOf(skip);
      const names = ['gamma-notes', 'alpha-notes', 'beta-notes'];
      const ids = names.map(() => randomId());
      const outcomes = await putMany(
        names.map((name, index) => ({
          input: userSkill(user(), { id: ids[index] as string, name }),
          options: { reason: 'import' },
        })),
      );
      expect(outcomes).toHaveLength(names.length);
      outcomes.forEach((outcome, index) => {
        expect(outcome).toEqual({
          skill: expect.objectContaining({ id: ids[index], name: names[index], revision: 1 }),
        });
      });
      expect((await context.store().history(ids[0] as string))[0]?.reason).toBe('import');
      expect(await putMany([])).toEqual([]);
    });

    it('fails a bad item alone and writes the others', async ({ skip }) => {
      const putMany = putManyOf(skip);
      const [first, badName, conflict, last] = [randomId(), randomId(), randomId(), randomId()];
      const outcomes = await putMany([
        { input: userSkill(user(), { id: first, name: 'first-skill' }) },
        { input: userSkill(user(), { id: badName, name: 'Bad Name' }) },
        {
          input: userSkill(user(), { id: conflict, name: 'conflict' }),
          options: { expectedRevision: 3 },
        },
        { input: userSkill(user(), { id: last, name: 'last-skill' }) },
      ]);
      expect(outcomes.map((outcome) => ('skill' in outcome ? 'skill' : 'error'))).toEqual([
        'skill',
        'error',
        'error',
        'skill',
      ]);
      const errorOf = (index: number) => (outcomes[index] as { error: Error }).error;
      expect(errorOf(1)).toSatisfy(
        hasCode('UNSAFE_PATH', 'INVALID_ARGUMENT', 'SKILL_VALIDATION_ERROR'),
      );
      expect(errorOf(2)).toSatisfy(hasCode('CONFLICT'));
      const stored = await context.store().list({ scope: 'user', owner: user() });
      expect(stored.map((skill) => skill.id).sort()).toEqual([first, last].sort());
      expect(await context.store().get(badName)).toBeUndefined();
      expect(await context.store().get(conflict)).toBeUndefined();
    });

    it('applies items with the same id in order, one revision each', async ({ skip }) => {
      const putMany = putManyOf(skip);
      const id = randomId();
      const other = randomId();
      const outcomes = await putMany([
        { input: userSkill(user(), { id, description: 'First description of the skill.' }) },
        { input: userSkill(user(), { id: other, name: 'other-skill' }) },
        { input: userSkill(user(), { id, description: 'Second description of the skill.' }) },
        {
          input: userSkill(user(), { id, description: 'Third description of the skill.' }),
          options: { expectedRevision: 2 },
        },
      ]);
      const revisions = outcomes.map((outcome) =>
        'skill' in outcome ? outcome.skill.revision : outcome.error.message,
      );
      expect(revisions).toEqual([1, 1, 2, 3]);
      expect((await context.store().get(id))?.description).toBe('Third description of the skill.');
      expect((await context.store().history(id)).map((entry) => entry.revision)).toEqual([1, 2, 3]);
    });

    it('writes skills and resources that read back like put ones', async ({ skip }) => {
      const putMany = putManyOf(skip);
      const binary = new Uint8Array([0, 255, 7]);
      const ids = [randomId(), randomId(), randomId()];
      const outcomes = await putMany(
        ids.map((id, index) => ({
          input: userSkill(user(), { id, name: `bulk-skill-${index}` }),
          options: {
            files: [
              { path: 'scripts/run.sh', content: `echo ${index}\n` },
              { path: 'assets/data.bin', content: binary },
            ],
          },
        })),
        { concurrency: 2, sync: false },
      );
      for (const outcome of outcomes) expect('skill' in outcome).toBe(true);
      await context.reopenIfPossible();
      const listed = await context.store().list({ scope: 'user', owner: user() });
      expect(listed.map((skill) => skill.name)).toEqual([
        'bulk-skill-0',
        'bulk-skill-1',
        'bulk-skill-2',
      ]);
      for (const [index, id] of ids.entries()) {
        const skill = await context.store().get(id);
        expect(skill).toEqual((outcomes[index] as { skill: unknown }).skill);
        expect(skill?.files).toEqual(['assets/data.bin', 'scripts/run.sh']);
        const files = new Map(
          ((await context.store().readFiles(id)) ?? []).map((file) => [file.path, file.content]),
        );
        expect(text(files.get('scripts/run.sh'))).toBe(`echo ${index}\n`);
        expect(bytes(files.get('assets/data.bin'))).toEqual(binary);
        expect(await context.store().history(id)).toHaveLength(1);
      }
    });
  });
}
