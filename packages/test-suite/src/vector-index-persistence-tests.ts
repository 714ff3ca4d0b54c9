import type { VectorIndex } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { expectVector, sorted, type VectorIndexTestContext } from './vector-index-test-kit';

const OPEN_STATES = ['loaded', 'created', 'rebuilt-corrupt', 'rebuilt-mismatch'];

/** Writes survive a reopen (`reopen` given); the optional `openState` / `rebuildReason`. */
export function definePersistenceTests(context: VectorIndexTestContext): void {
  const { create } = context;

  if (context.persistent) {
    describe('persistence', () => {
      it('keeps upserts, replacements and deletes across a reopen', async () => {
        const index = await create(3);
        await index.upsert([
          { id: 'a', vector: [1, 0, 0], hash: 'ha' },
          { id: 'b', vector: [0, 1, 0], hash: 'hb' },
          { id: 'c', vector: [0, 0, 1] },
        ]);
        await index.upsert([{ id: 'b', vector: [0, 0, 1], hash: 'hb2' }]);
        await index.delete(['a']);
        const again = await context.reopen(index);
        expect(again.dimensions).toBe(3);
        expect(sorted(await again.ids())).toEqual(['b', 'c']);
        expect(await again.getHash('b')).toBe('hb2');
        expect(await again.getHash('c')).toBeUndefined();
        expectVector(await again.get('b'), [0, 0, 1]);
        const matches = await again.query({ vector: [0, 0, 1], topK: 2 });
        expect(matches.map((match) => match.id)).toEqual(['b', 'c']);
      });

      it('keeps a clear across a reopen', async () => {
        const index = await create(2);
        await index.upsert([{ id: 'a', vector: [1, 0] }]);
        await index.clear();
        await index.upsert([{ id: 'b', vector: [0, 1] }]);
        const again = await context.reopen(index);
        expect(await again.ids()).toEqual(['b']);
      });
    });
  }

  /** Skips (with a note) for an index without `openState`, like `getMany` and `alsoScore`. */
  function requireOpenState(index: VectorIndex, skip: (note?: string) => never): void {
    if (index.openState === undefined) skip('the index has no openState (optional)');
  }

  describe('openState, rebuildReason (optional)', () => {
    it('says a new index was created empty, never loaded with data', async ({ skip }) => {
      const index = await create(4);
      requireOpenState(index, skip);
      expect(OPEN_STATES).toContain(index.openState);
      expect(index.openState).not.toMatch(/^rebuilt-/);
      expect(index.rebuildReason).toBeUndefined();
      expect(await index.count()).toBe(0);
    });

    it('gives a reason exactly when it was rebuilt', async ({ skip }) => {
      const index = await create(2);
      requireOpenState(index, skip);
      await index.upsert([{ id: 'a', vector: [1, 0] }]);
      // Writes do not change how the index was opened.
      expect(OPEN_STATES).toContain(index.openState);
      if (index.openState?.startsWith('rebuilt-'))
        expect(typeof index.rebuildReason).toBe('string');
      else expect(index.rebuildReason).toBeUndefined();
    });

    it.runIf(context.persistent)('reopens with its data as "loaded"', async ({ skip }) => {
      const index = await create(2);
      requireOpenState(index, skip);
      await index.upsert([{ id: 'a', vector: [1, 0], hash: 'ha' }]);
      const again = await context.reopen(index);
      expect(again.openState).toBe('loaded');
      expect(again.rebuildReason).toBeUndefined();
      expect(await again.getHash('a')).toBe('ha');
    });
  });
}
