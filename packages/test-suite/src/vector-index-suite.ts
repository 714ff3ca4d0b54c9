import { AutoSkillError, type VectorIndex } from '@autoskill/core';
import { afterEach, describe, expect, it } from 'vitest';

export interface VectorIndexSuiteOptions {
  /** Creates a fresh, empty index with the given number of dimensions. */
  createIndex(dimensions: number): Promise<VectorIndex>;
  /**
   * Closes `index` and opens it again from its persisted state. Give it for persistent
   * indexes: the suite then checks that writes survive a reopen.
   */
  reopen?(index: VectorIndex): Promise<VectorIndex>;
  /** Releases what `createIndex` made (temp directories…). Called after every test. */
  cleanup?(index: VectorIndex): Promise<void>;
  /** Set when the index honours the `alsoScore` query hint: the suite then requires the extras. */
  scoresAlsoScore?: boolean;
}

/**
 * Registers vitest tests proving that a `VectorIndex` implementation behaves as the spec says:
 * cosine ordering, ties by id, replace, delete, filter, topK bounds, hashes, validation errors,
 * clear, and (with `reopen`) persistence.
 */
export function runVectorIndexTests(name: string, options: VectorIndexSuiteOptions): void {
  describe(`VectorIndex conformance: ${name}`, () => {
    const opened: VectorIndex[] = [];

    async function create(dimensions = 4): Promise<VectorIndex> {
      const index = await options.createIndex(dimensions);
      opened.push(index);
      return index;
    }

    async function reopen(index: VectorIndex): Promise<VectorIndex> {
      if (!options.reopen) throw new Error('reopen not provided');
      const next = await options.reopen(index);
      opened.push(next);
      return next;
    }

    afterEach(async () => {
      const indexes = opened.splice(0);
      for (const index of indexes) await index.close?.();
      for (const index of indexes) await options.cleanup?.(index);
    });

    it('describes itself', async () => {
      const index = await create(4);
      expect(index.specificationVersion).toBe('v1');
      expect(index.dimensions).toBe(4);
      expect(typeof index.name).toBe('string');
    });

    it('returns nothing from an empty index', async () => {
      const index = await create(4);
      expect(await index.count()).toBe(0);
      expect(await index.ids()).toEqual([]);
      expect(await index.query({ vector: [1, 0, 0, 0], topK: 5 })).toEqual([]);
      expect(await index.get('missing')).toBeUndefined();
      expect(await index.getHash('missing')).toBeUndefined();
    });

    it('orders matches by cosine score, best first', async () => {
      const index = await create(4);
      await index.upsert([
        { id: 'x', vector: [1, 0, 0, 0] },
        { id: 'xy', vector: unit([1, 1, 0, 0]) },
        { id: 'y', vector: [0, 1, 0, 0] },
        { id: 'minus-x', vector: [-1, 0, 0, 0] },
      ]);
      const matches = await index.query({ vector: [1, 0, 0, 0], topK: 4 });
      expect(matches.map((match) => match.id)).toEqual(['x', 'xy', 'y', 'minus-x']);
      expect(matches[0]!.score).toBeCloseTo(1, 5);
      expect(matches[1]!.score).toBeCloseTo(Math.SQRT1_2, 5);
      expect(matches[2]!.score).toBeCloseTo(0, 5);
      expect(matches[3]!.score).toBeCloseTo(-1, 5);
    });

    it('scores are cosine similarities even for vectors that are not unit length', async () => {
      const index = await create(2);
      await index.upsert([{ id: 'long', vector: [3, 4] }]);
      const [match] = await index.query({ vector: [10, 0], topK: 1 });
      expect(match!.score).toBeCloseTo(0.6, 5);
    });

    it('accepts Float32Array and number[] vectors alike', async () => {
      const index = await create(3);
      await index.upsert([
        { id: 'typed', vector: new Float32Array([0, 0, 1]) },
        { id: 'plain', vector: [0, 1, 0] },
      ]);
      const [match] = await index.query({ vector: new Float32Array([0, 1, 0]), topK: 1 });
      expect(match!.id).toBe('plain');
    });

    it('breaks ties by id ascending', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'c', vector: [1, 0] },
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [1, 0] },
        { id: 'z', vector: [0, 1] },
      ]);
      const matches = await index.query({ vector: [1, 0], topK: 3 });
      expect(matches.map((match) => match.id)).toEqual(['a', 'b', 'c']);
      const two = await index.query({ vector: [1, 0], topK: 2 });
      expect(two.map((match) => match.id)).toEqual(['a', 'b']);
    });

    it('bounds results by topK and by the number of records', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0.9, 0.1] },
        { id: 'c', vector: [0, 1] },
      ]);
      expect(await index.query({ vector: [1, 0], topK: 0 })).toEqual([]);
      expect((await index.query({ vector: [1, 0], topK: 1 })).map((match) => match.id)).toEqual([
        'a',
      ]);
      expect(await index.query({ vector: [1, 0], topK: 10 })).toHaveLength(3);
    });

    it('rejects a negative or fractional topK', async () => {
      const index = await create(2);
      await expectCode(index.query({ vector: [1, 0], topK: -1 }), 'INVALID_ARGUMENT');
      await expectCode(index.query({ vector: [1, 0], topK: 1.5 }), 'INVALID_ARGUMENT');
    });

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

    it('returns several vectors at once in the order asked, when it offers getMany', async () => {
      const index = await create(2);
      if (!index.getMany) return; // optional: retrieval falls back to get()
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

    it('scores alsoScore ids outside the top K when it honours the hint, and validates it', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [0.8, 0.6] },
        { id: 'c', vector: [0, 1] },
        { id: 'd', vector: [-1, 0] },
      ]);
      const full = new Map(
        (await index.query({ vector: [1, 0], topK: 4 })).map((match) => [match.id, match.score]),
      );
      const matches = await index.query({
        vector: [1, 0],
        topK: 1,
        filter: (id) => id !== 'd',
        alsoScore: ['c', 'a', 'missing', 'd', 'c'],
      });
      // The top K first, as without the hint.
      expect(matches[0]).toEqual({ id: 'a', score: expect.closeTo(1, 5) });
      // Extras (if any): only hinted ids that exist and pass the filter, once, with their score.
      const extras = matches.slice(1);
      expect(extras.every((match) => match.id === 'c')).toBe(true);
      if (options.scoresAlsoScore) expect(extras).toHaveLength(1);
      else expect(extras.length).toBeLessThanOrEqual(1);
      for (const match of extras) expect(match.score).toBeCloseTo(full.get(match.id) as number, 5);
      await expectCode(
        index.query({ vector: [1, 0], topK: 1, alsoScore: [42] as unknown as string[] }),
        'INVALID_ARGUMENT',
      );
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

    it('honours the filter and still returns topK matches when it can', async () => {
      const index = await create(2);
      await index.upsert([
        { id: 'keep-1', vector: [0.8, 0.6] },
        { id: 'skip-1', vector: [1, 0] },
        { id: 'keep-2', vector: [0.6, 0.8] },
        { id: 'skip-2', vector: [0.99, 0.14] },
      ]);
      const matches = await index.query({
        vector: [1, 0],
        topK: 2,
        filter: (id) => id.startsWith('keep'),
      });
      expect(matches.map((match) => match.id)).toEqual(['keep-1', 'keep-2']);
      expect(await index.query({ vector: [1, 0], topK: 2, filter: () => false })).toEqual([]);
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

    it('handles a large batch and finds every record by its own vector', async () => {
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

    it('answers sparse queries (few non-zero dimensions) like dense ones', async () => {
      const dimensions = 64;
      const index = await create(dimensions);
      const records = Array.from({ length: 300 }, (_, position) => ({
        id: `s${position}`,
        vector: testVector(position, dimensions),
      }));
      await index.upsert(records);
      const query = new Float32Array(dimensions);
      query[3] = 0.5;
      query[40] = -0.25;
      query[63] = 1;
      const matches = await index.query({ vector: query, topK: 5 });
      const expected = records
        .map((record) => ({
          id: record.id,
          score: dot(unit(record.vector), unit(Array.from(query))),
        }))
        .sort((left, right) => right.score - left.score || (left.id < right.id ? -1 : 1))
        .slice(0, 5);
      expect(matches.map((match) => match.id)).toEqual(expected.map((match) => match.id));
      matches.forEach((match, position) => {
        expect(match.score).toBeCloseTo(expected[position]!.score, 4);
      });
    });

    if (options.reopen) {
      it('keeps upserts, replacements and deletes across a reopen', async () => {
        const index = await create(3);
        await index.upsert([
          { id: 'a', vector: [1, 0, 0], hash: 'ha' },
          { id: 'b', vector: [0, 1, 0], hash: 'hb' },
          { id: 'c', vector: [0, 0, 1] },
        ]);
        await index.upsert([{ id: 'b', vector: [0, 0, 1], hash: 'hb2' }]);
        await index.delete(['a']);
        const again = await reopen(index);
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
        const again = await reopen(index);
        expect(await again.ids()).toEqual(['b']);
      });
    }
  });
}

function unit(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

function dot(left: number[], right: number[]): number {
  return left.reduce((sum, value, position) => sum + value * right[position]!, 0);
}

function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

/** A deterministic, well-spread vector for record `position` (xorshift32). */
function testVector(position: number, dimensions: number): number[] {
  const vector: number[] = [];
  let state = Math.imul(position + 1, 2654435761) | 0 || 1;
  for (let index = 0; index < dimensions; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    vector.push((state >>> 0) / 4294967296 - 0.5);
  }
  return vector;
}

function expectVector(actual: Float32Array | undefined, expected: number[]): void {
  expect(actual).toBeDefined();
  expect(actual!.length).toBe(expected.length);
  const normalised = unit(expected);
  actual!.forEach((value, index) => {
    expect(value).toBeCloseTo(normalised[index]!, 5);
  });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(AutoSkillError.isInstance(caught) ? caught.code : caught).toBe(code);
}
