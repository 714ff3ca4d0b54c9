import { statSync } from 'node:fs';
import { rmdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { InvalidArgumentError } from '@autoskill/core';
import { errorCode } from './atomic-file';
import { insideRoot } from './store-paths';

// Small helpers of the local store: option checks, file-system probes, bounded concurrency.

export function nonNegativeInteger(
  value: number | undefined,
  fallback: number,
  what: string,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(what, 'must be an integer ≥ 0');
  }
  return value;
}

export function sameKeys(left: string[], right: string[]): boolean {
  if (left.length !== right.length) return false;
  const sorted = [...left].sort();
  return sorted.every((value, index) => value === right[index]);
}

/** True when `path` exists. A plain stat: synchronous, because a miss is common and cheap. */
export function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    if (errorCode(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/** `exists` off the main thread (for probes that may wait on a busy folder). */
export async function existsOffThread(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

/** Removes empty folders from `relative` up to (not including) `root`. */
export async function pruneEmptyFolders(root: string, relative: string): Promise<void> {
  let current = relative;
  while (current !== '.' && current !== '') {
    try {
      await rmdir(insideRoot(root, current));
    } catch {
      return;
    }
    current = posix.dirname(current);
  }
}

export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function requireString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') throw new InvalidArgumentError(what, 'must be a string');
}

export function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new InvalidArgumentError(what, 'must be a positive integer');
  return value;
}
