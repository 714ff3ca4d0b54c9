import { describe, expect, it } from 'vitest';
import {
  expectCode,
  expectVector,
  SLOW_TEST,
  sorted,
  testVector,
  unit,
  type VectorIndexTestContext,
} from './vector-index-test-kit';

/** Upserts, deletes, hashes, copies, input validation, clear and a large batch. */
export function defineWriteTests(context: VectorIndexTestContext): void {
  const { create } = context;

  describe('writes', () => {
    it('replaces the vector and hash of an existing id', async () => {
      const index = await create(2);
      await index.upsert([{ id: 'a', vector: [1, 0], hash: 'h1' }]);
      await index.upsert([{ id: 'a', vector: [0, 1], hash: 'h2' }]);
      expect(await index.count()).toBe(1);
      expect(await index.getHash('a')).toBe('h2');
      expectVector(await index.get('a'), [0, 1]);
      const [match] = await index.query({ vector: [0, 1], topK: 1 });
      expect(match).toEqual({ id: 'a', score: expect.closeTo(1, 5) });
    });

    it('returns several vectors at once in the order asked, when it offers getMany', async ({
      skip,
    }) => {
      const index = await create(2);
      // Optional: retrieval falls back to get().
      if (!index.getMany) return skip('the index has no getMany (optional)');
      await index.upsert([
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
      ]);
      const [b, missing, a, again] = await index.getMany(['b', 'missing', 'a', 'b']);
      expectVector(b, [0, 1]);
      expect(missing).toBeUndefined();
      expectVector(a, [1, 0]);
      expectVector(again, [0, 1]);
      expect(await index.getMany([])).toEqual([]);
      await expect(index.getMany([42 as unknown as string])).rejects.toThrow();
    });

    it('keeps the last record when an id appears twice in one batch', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'a', vector: [1, 0], hash: 'first' },
        { id: 'a', vector: [0, 1], hash: 'second' },
      ]);
      expect(await index.count()).toBe(1);
      expect(await index.getHash('a')).toBe('second');
    });

    it('deletes ids and ignores unknown ones', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
        { id: 'c', vector: unit([1, 1]) },
      ]);
      await index.delete(['a', 'unknown']);
      expect(await index.count()).toBe(2);
      expect(sorted(await index.ids())).toEqual(['b', 'c']);
      expect(await index.get('a')).toBeUndefined();
      const matches = await index.query({ vector: [1, 0], topK: 5 });
      expect(matches.map((match) => match.id)).toEqual(['c', 'b']);
      // The remaining ids still map to their own vectors after the delete.
      expectVector(await index.get('b'), [0, 1]);
      expectVector(await index.get('c'), unit([1, 1]));
    });

    it('stores hashes, and undefined when none is given', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'with', vector: [1, 0], hash: 'sha1:abc' },
        { id: 'without', vector: [0, 1] },
        { id: 'empty', vector: [0, 1], hash: '' },
      ]);
      expect(await index.getHash('with')).toBe('sha1:abc');
      expect(await index.getHash('without')).toBeUndefined();
      expect(await index.getHash('empty')).toBe('');
    });

    it('gives several hashes at once, as getHash gives each, when it offers getHashes', async ({
      skip,
    }) => {
      const index = await create(2);
      // Optional: callers fall back to getHash per id.
      if (!index.getHashes) return skip('the index has no getHashes (optional)');
      await index.upsert([
        { id: 'with', vector: [1, 0], hash: 'sha1:abc' },
        { id: 'without', vector: [0, 1] },
      ]);
      expect(await index.getHashes(['without', 'missing', 'with', 'with'])).toEqual([
        undefined,
        undefined,
        'sha1:abc',
        'sha1:abc',
      ]);
      expect(await index.getHashes([])).toEqual([]);
      await expect(index.getHashes([42 as unknown as string])).rejects.toThrow();
    });

    it('returns a copy from get, so callers cannot change the index', async () => {
      const index = await create(2);
      await index.upsert([{ id: 'a', vector: [1, 0] }]);
      const vector = await index.get('a');
      expect(vector).toBeInstanceOf(Float32Array);
      vector!.fill(0);
      expectVector(await index.get('a'), [1, 0]);
    });

    it('does not keep a reference to the caller vector', async () => {
      const index = await create(2);
      const input = new Float32Array([1, 0]);
      await index.upsert([{ id: 'a', vector: input }]);
      input[0] = 0;
      input[1] = 1;
      expectVector(await index.get('a'), [1, 0]);
    });

    it('rejects vectors with the wrong number of dimensions', async () => {
      const index = await create(3);
      await expectCode(index.upsert([{ id: 'a', vector: [1, 0] }]), 'VECTOR_DIMENSION_MISMATCH');
      await expectCode(index.query({ vector: [1, 0, 0, 0], topK: 1 }), 'VECTOR_DIMENSION_MISMATCH');
      expect(await index.count()).toBe(0);
    });

    it('rejects NaN and Infinity, and changes nothing in that batch', async () => {
      const index = await create(2);
      await expectCode(
        index.upsert([
          { id: 'fine', vector: [1, 0] },
          { id: 'bad', vector: [Number.NaN, 0] },
        ]),
        'INVALID_ARGUMENT',
      );
      await expectCode(
        index.upsert([{ id: 'inf', vector: [Number.POSITIVE_INFINITY, 0] }]),
        'INVALID_ARGUMENT',
      );
      await expectCode(index.query({ vector: [Number.NaN, 0], topK: 1 }), 'INVALID_ARGUMENT');
      expect(await index.count()).toBe(0);
    });

    it('rejects empty ids', async () => {
      const index = await create(2);
      await expectCode(index.upsert([{ id: '', vector: [1, 0] }]), 'INVALID_ARGUMENT');
    });

    it('clears everything', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0, 1] },
      ]);
      await index.clear();
      expect(await index.count()).toBe(0);
      expect(await index.ids()).toEqual([]);
      expect(await index.query({ vector: [1, 0], topK: 5 })).toEqual([]);
      await index.upsert([{ id: 'c', vector: [1, 0] }]);
      expect(await index.ids()).toEqual(['c']);
    });

    it('handles a large batch and finds every record by its own vector', SLOW_TEST, async () => {
      const dimensions = 32;
      const index = await create(dimensions);
      const total = 2000;
      const records = Array.from({ length: total }, (_, position) => ({
        id: `skill-${position}`,
        vector: testVector(position, dimensions),
        hash: `h${position}`,
      }));
      await index.upsert(records);
      expect(await index.count()).toBe(total);
      expect(new Set(await index.ids()).size).toBe(total);
      for (const position of [0, 1, 777, 1999]) {
        const [match] = await index.query({ vector: testVector(position, dimensions), topK: 1 });
        expect(match!.id).toBe(`skill-${position}`);
        expect(match!.score).toBeCloseTo(1, 4);
        expect(await index.getHash(`skill-${position}`)).toBe(`h${position}`);
      }
      await index.delete(records.slice(0, 1000).map((record) => record.id));
      expect(await index.count()).toBe(1000);
      const [match] = await index.query({ vector: testVector(1500, dimensions), topK: 1 });
      expect(match!.id).toBe('skill-1500');
      expectVector(await index.get('skill-1999'), unit(testVector(1999, dimensions)));
    });
  });
}
