import type { ChatMessage } from '@autoskill/core';

/**
 * One window covering both when two learning windows of a conversation overlap: `next` continues
 * `previous` (a suffix of `previous` is a prefix of `next`, as consecutive chat turns give), or
 * one contains the other. Undefined otherwise (two conversations). Messages are compared whole,
 * by their JSON.
 *
 * @example
 * mergeWindows([u1, a1, u2, a2], [u2, a2, u3, a3]) // → [u1, a1, u2, a2, u3, a3]
 */
export function mergeWindows(
  previous: readonly ChatMessage[],
  next: readonly ChatMessage[],
): ChatMessage[] | undefined {
  if (previous.length === 0 || next.length === 0) return undefined;
  const left = previous.map(key);
  const right = next.map(key);
  if (contains(left, right)) return [...previous];
  if (contains(right, left)) return [...next];
  for (let overlap = Math.min(left.length, right.length); overlap >= 1; overlap--) {
    if (sameRun(left, left.length - overlap, right, 0, overlap))
      return [...previous, ...next.slice(overlap)];
  }
  return undefined;
}

function key(message: ChatMessage): string {
  return JSON.stringify(message);
}

/** True when `inner` occurs in `outer` as a contiguous run. */
function contains(outer: string[], inner: string[]): boolean {
  for (let start = 0; start + inner.length <= outer.length; start++)
    if (sameRun(outer, start, inner, 0, inner.length)) return true;
  return false;
}

function sameRun(
  left: string[],
  leftStart: number,
  right: string[],
  rightStart: number,
  length: number,
): boolean {
  for (let offset = 0; offset < length; offset++)
    if (left[leftStart + offset] !== right[rightStart + offset]) return false;
  return true;
}
