import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UnsafePathError } from '@autoskill/core';

/** Top-level folder of user skills. */
export const USERS_DIRECTORY = 'Users';
/** Top-level folder of the shared library. */
export const COMMON_DIRECTORY = 'Common';
/** Owner of skills directly under `Common/`. */
export const COMMON_OWNER = 'Common';
/** Reserved for the vector index. */
export const VECTORS_DIRECTORY = 'vectors';
/** Store bookkeeping: history, journal, lock, trash. Hidden so walks and exports skip it. */
export const STATE_DIRECTORY = '.autoskill';

/**
 * Resolves `segments` under `root` and checks the result stays inside it (defence in depth: the
 * segments were validated before). Throws UnsafePathError otherwise.
 */
export function insideRoot(root: string, ...segments: string[]): string {
  const target = resolve(root, ...segments);
  assertInside(root, target);
  return target;
}

/** Throws unless `target` is `root` or below it. */
export function assertInside(root: string, target: string): void {
  const path = relative(root, target);
  if (path === '') return;
  if (path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    throw new UnsafePathError('path', target, `resolves outside the store directory ${root}`);
  }
}

/** True when the real path of `target` (symlinks followed) is inside `root` (a real path). */
export function realPathInside(root: string, target: string): boolean {
  try {
    // Synchronous: a few readlink calls, cheaper than a thread-pool round trip.
    const real = realpathSync.native(target);
    const path = relative(root, real);
    return path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
  } catch {
    return false;
  }
}

/** `a/b/c` for a path relative to the root, POSIX separators. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
