import { describe, expect, it } from 'vitest';
import { VectorMatrix } from './vector-matrix';

function unitVector(seed: number, dimensions: number, nonZero = dimensions): Float32Array {
  const vector = new Float32Array(dimensions);
  let state = seed * 2654435761 || 1;
  let norm = 0;
  for (let count = 0; count < nonZero; count++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const dimension = nonZero === dimensions ? count : (state >>> 0) % dimensions;
    const value = ((state >>> 8) & 0xffff) / 65_536 - 0.5;
    vector[dimension] = value;
  }
  for (const value of vector) norm += value * value;
  for (let index = 0; index < dimensions; index++) vector[index] = vector[index]! / Math.sqrt(norm);
  return vector;
}

function bruteForce(vectors: Map<string, Float32Array>, query: Float32Array, topK: number) {
  return [...vectors]
    .map(([id, vector]) => ({
      id,
      score: vector.reduce((sum, value, index) => sum + value * query[index]!, 0),
    }))
    .sort((left, right) => right.score - left.score || (left.id < right.id ? -1 : 1))
    .slice(0, topK);
}

describe.each([
  { simd: true, label: 'WebAssembly SIMD' },
  { simd: false, label: 'plain JavaScript' },
])('VectorMatrix ($label)', ({ simd }) => {
  it('uses the requested path', () => {
    expect(new VectorMatrix(8, 16, { simd }).usesSimd).toBe(simd);
  });

  it('matches a brute-force scan through growth, replacements and deletes', {
    tags: ['slow'],
  }, () => {
    const dimensions = 37; // not a multiple of 4: exercises the one-column remainder
    const matrix = new VectorMatrix(dimensions, 16, { simd });
    const expected = new Map<string, Float32Array>();
    for (let position = 0; position < 1500; position++) {
      const id = `id-${position % 1100}`;
      const vector = unitVector(position + 1, dimensions);
      matrix.set(id, vector, String(position));
      expected.set(id, vector);
      if (position % 7 === 3) {
        const victim = `id-${(position * 31) % 1100}`;
        expect(matrix.remove(victim)).toBe(expected.delete(victim));
      }
    }
    expect(matrix.count).toBe(expected.size);
    for (const [seed, nonZero] of [
      [9001, dimensions],
      [9002, 5],
      [9003, 1],
    ] as const) {
      const query = unitVector(seed, dimensions, nonZero);
      const matches = matrix.query(query, 25);
      const reference = bruteForce(expected, query, 25);
      expect(matches.map((match) => match.id)).toEqual(reference.map((match) => match.id));
      matches.forEach((match, position) => {
        expect(match.score).toBeCloseTo(reference[position]!.score, 5);
      });
    }
    for (const [id, vector] of expected)
      expect(Array.from(matrix.get(id)!)).toEqual(Array.from(vector));
    // alsoScore: ids outside the top K come back after it with the brute-force score.
    const query = unitVector(9004, dimensions);
    const everything = bruteForce(expected, query, expected.size);
    const outside = everything.slice(-3).map((match) => match.id);
    const matches = matrix.query(query, 5, undefined, [...outside, everything[0]!.id, 'nope']);
    expect(matches.map((match) => match.id)).toEqual([
      ...everything.slice(0, 5).map((match) => match.id),
      ...outside,
    ]);
    for (const match of matches.slice(5)) {
      const reference = everything.find((entry) => entry.id === match.id)!;
      expect(match.score).toBeCloseTo(reference.score, 5);
    }
  });
});

describe('VectorMatrix.withRows (a snapshot being read)', () => {
  it('finds every id at its row and refuses ids that repeat', () => {
    const matrix = VectorMatrix.withRows(2, ['a', 'b', 'c'], ['ha', undefined, 'hc']);
    expect(matrix?.count).toBe(3);
    expect(matrix?.getHash('a')).toBe('ha');
    expect(matrix?.getHash('b')).toBeUndefined();
    expect(matrix?.has('c')).toBe(true);
    expect(matrix?.ids).toEqual(['a', 'b', 'c']);
    expect(VectorMatrix.withRows(2, ['a', 'b', 'a'], ['1', '2', '3'])).toBeUndefined();
  });
});
