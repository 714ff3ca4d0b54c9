import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFlatVectorIndex, type FlatVectorIndexOptions } from '../src/index';

export interface TestDirectory {
  path: string;
  cleanup(): Promise<void>;
}

export async function makeTestDirectory(): Promise<TestDirectory> {
  const path = await mkdtemp(join(tmpdir(), 'vectors-flat-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Collects logger lines so tests can assert what a user would read. */
export function recordingLogger(): { warn(message: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message: string) => lines.push(message) };
}

export function openIndex(directory: string, overrides: Partial<FlatVectorIndexOptions> = {}) {
  return createFlatVectorIndex({
    directory,
    name: 'hashing-default-d8-test',
    dimensions: 8,
    logger: { warn: () => {} },
    syncWrites: false,
    ...overrides,
  });
}

/** A deterministic vector for (id, counter): lets a test check that ids kept their own vectors. */
export function vectorFor(id: string, counter: number, dimensions: number): Float32Array {
  let state = counter * 2654435761;
  for (let index = 0; index < id.length; index++)
    state = Math.imul(state ^ id.charCodeAt(index), 16777619);
  state = state | 0 || 1;
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let index = 0; index < dimensions; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const value = (state >>> 0) / 4294967296 - 0.5;
    vector[index] = value;
    norm += value * value;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let index = 0; index < dimensions; index++) vector[index] = vector[index]! * scale;
  return vector;
}

export function maxDifference(left: Float32Array, right: Float32Array): number {
  let max = 0;
  for (let index = 0; index < left.length; index++)
    max = Math.max(max, Math.abs(left[index]! - right[index]!));
  return max;
}
