import { describe, expect, it } from 'vitest';
import {
  dot,
  expectCode,
  SLOW_TEST,
  testVector,
  unit,
  type VectorIndexTestContext,
} from './vector-index-test-kit';

/** What an index says about itself, and how queries rank, bound, filter and score. */
export function defineQueryTests(context: VectorIndexTestContext): void {
  const { create } = context;

  describe('queries', () => {
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
      if (context.scoresAlsoScore) expect(extras).toHaveLength(1);
      else expect(extras.length).toBeLessThanOrEqual(1);
      for (const match of extras) expect(match.score).toBeCloseTo(full.get(match.id) as number, 5);
      await expectCode(
        index.query({ vector: [1, 0], topK: 1, alsoScore: [42] as unknown as string[] }),
        'INVALID_ARGUMENT',
      );
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

    it('answers sparse queries (few non-zero dimensions) like dense ones', SLOW_TEST, async () => {
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
  });
}
