import { describe, expect, it } from 'vitest';
import { createInMemoryVectorIndex } from './in-memory-vector-index';

/** A repeatable pseudo-random stream (no Math.random: failures must replay). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function unit(values: number[]): number[] {
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

describe('in-memory vector index rows', () => {
  it('answers like a brute-force scan after many upserts, overwrites and deletes', async () => {
    const next = random(7);
    const dimensions = 12;
    const index = createInMemoryVectorIndex({ dimensions });
    const truth = new Map<string, number[]>();
    for (let step = 0; step < 600; step++) {
      const id = `s${Math.floor(next() * 150)}`;
      if (next() < 0.3) {
        await index.delete([id]);
        truth.delete(id);
      } else {
        const vector = Array.from({ length: dimensions }, () => next() - 0.5);
        await index.upsert([{ id, vector, hash: `h${step}` }]);
        truth.set(id, unit(vector));
      }
    }
    expect(await index.count()).toBe(truth.size);
    expect((await index.ids()).sort()).toEqual([...truth.keys()].sort());
    for (let probe = 0; probe < 20; probe++) {
      const query = unit(Array.from({ length: dimensions }, () => next() - 0.5));
      const expected = [...truth]
        .map(([id, vector]) => ({
          id,
          score: vector.reduce(
            (sum, value, position) => sum + value * (query[position] as number),
            0,
          ),
        }))
        .sort((left, right) => right.score - left.score || (left.id < right.id ? -1 : 1))
        .slice(0, 5);
      const got = await index.query({ vector: query, topK: 5 });
      expect(got.map((match) => match.id)).toEqual(expected.map((match) => match.id));
      got.forEach((match, position) => {
        expect(match.score).toBeCloseTo((expected[position] as { score: number }).score, 5);
      });
    }
    const [someId] = truth.keys();
    const stored = await index.get(someId as string);
    (truth.get(someId as string) as number[]).forEach((value, position) => {
      expect(stored?.[position]).toBeCloseTo(value, 6);
    });
  });
});
