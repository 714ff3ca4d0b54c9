import { AutoSkillError, type VectorIndex } from '@autoskill/core';
import { expect } from 'vitest';

// Shared by the groups of the VectorIndex conformance suite (not exported from the package).

/** What every group of the VectorIndex suite works with. */
export interface VectorIndexTestContext {
  /** A fresh, empty index; closed and cleaned up after the test. */
  create(dimensions?: number): Promise<VectorIndex>;
  /** Closes `index` and opens it again (only when `persistent`). */
  reopen(index: VectorIndex): Promise<VectorIndex>;
  /** True when the suite was given `reopen`. */
  readonly persistent: boolean;
  /** True when the index must honour the `alsoScore` query hint. */
  readonly scoresAlsoScore: boolean;
}

/**
 * Timeout of tests whose work grows with the data. Not a vitest tag: this suite runs in other
 * projects' configs, which may not define one (vitest rejects unknown tags).
 */
export const SLOW_TEST = { timeout: 120_000 };

export function unit(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

export function dot(left: number[], right: number[]): number {
  return left.reduce((sum, value, position) => sum + value * right[position]!, 0);
}

export function sorted(ids: string[]): string[] {
  return [...ids].sort();
}

/** A deterministic, well-spread vector for record `position` (xorshift32). */
export function testVector(position: number, dimensions: number): number[] {
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

/** Asserts `actual` is the unit vector of `expected` (indexes store unit vectors). */
export function expectVector(actual: Float32Array | undefined, expected: number[]): void {
  expect(actual).toBeDefined();
  expect(actual!.length).toBe(expected.length);
  const normalised = unit(expected);
  actual!.forEach((value, index) => {
    expect(value).toBeCloseTo(normalised[index]!, 5);
  });
}

/** Asserts `promise` rejects with an AutoSkill error of `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(AutoSkillError.isInstance(caught) ? caught.code : caught).toBe(code);
}
