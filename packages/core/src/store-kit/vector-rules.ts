import { InvalidArgumentError, VectorDimensionMismatchError } from '../errors/errors';

/** Validates `topK` of a vector query: an integer ≥ 0. */
export function assertTopK(topK: unknown): number {
  if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 0) {
    throw new InvalidArgumentError('topK', `expected a non-negative integer, got ${String(topK)}`);
  }
  return topK;
}

/** Validates the `alsoScore` hint of a vector query: absent, or an array of non-empty strings. */
export function assertAlsoScore(ids: unknown): readonly string[] {
  if (ids === undefined) return [];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new InvalidArgumentError('alsoScore', 'expected an array of non-empty string ids');
  }
  return ids;
}

/** Copies, checks length and finiteness, and scales to unit length (zero vectors stay zero). */
export function toUnitVector(vector: unknown, dimensions: number, argument: string): Float32Array {
  if (!(vector instanceof Float32Array) && !Array.isArray(vector)) {
    throw new InvalidArgumentError(argument, 'expected a Float32Array or an array of numbers');
  }
  if (vector.length !== dimensions)
    throw new VectorDimensionMismatchError(dimensions, vector.length);
  const copy = new Float32Array(dimensions);
  let norm = 0;
  for (let index = 0; index < dimensions; index++) {
    const value = vector[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(
        argument,
        `entry ${index} is ${String(value)}, expected a finite number`,
      );
    }
    copy[index] = value;
    norm += value * value;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < dimensions; index++) copy[index] = copy[index]! * scale;
  }
  return copy;
}
