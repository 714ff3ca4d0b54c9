/** The deterministic operation sequence shared by the crash writer child and the crash test. */
export const CRASH_DIMENSIONS = 16;
export const CRASH_INDEX_NAME = 'crash-test';
/** Small, so compactions (and the large-batch snapshot path) happen often. */
export const CRASH_COMPACTION_BYTES = 4096;
/** The shortest stale time: a killed writer's lock blocks the next open for at most ~2 s. */
export const CRASH_LOCK_STALE_MS = 2_000;
const ID_COUNT = 60;

export type CrashOperation =
  | { type: 'upsert'; ids: string[] }
  | { type: 'delete'; ids: string[] }
  | { type: 'clear' };

/** Operation number `step`; upserts write counter `step` into the hash and the vector. */
export function operationAt(step: number): CrashOperation {
  if (step % 151 === 150) return { type: 'clear' };
  if (step % 23 === 22)
    return { type: 'upsert', ids: Array.from({ length: ID_COUNT }, (_, id) => `k${id}`) };
  if (step % 5 === 4)
    return { type: 'delete', ids: [`k${(step * 7) % ID_COUNT}`, `k${(step * 11) % ID_COUNT}`] };
  const size = 1 + (step % 3);
  return {
    type: 'upsert',
    ids: Array.from({ length: size }, (_, offset) => `k${(step * 13 + offset * 17) % ID_COUNT}`),
  };
}

/** id → counter of the write that produced it, after the first `count` operations. */
export function modelAfter(count: number): Map<string, number> {
  const state = new Map<string, number>();
  for (let step = 0; step < count; step++) {
    const operation = operationAt(step);
    if (operation.type === 'clear') state.clear();
    else if (operation.type === 'delete') for (const id of operation.ids) state.delete(id);
    else for (const id of operation.ids) state.set(id, step);
  }
  return state;
}
