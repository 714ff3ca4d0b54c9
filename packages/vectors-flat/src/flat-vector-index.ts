import type { VectorIndex, VectorIndexOpenState } from '@autoskill/core';

/**
 * How the index was opened. `rebuilt-*` and `created` mean it started empty: the caller should
 * re-embed skills (compare `getHash(id)` with the skill text hash to find what is missing).
 * @deprecated Use `VectorIndexOpenState` from `@autoskill/core` (the same type).
 */
export type FlatVectorIndexOpenState = VectorIndexOpenState;

/** The on-disk flat `VectorIndex`, with `openState`, `rebuildReason`, `flush` and `close` always present. */
export interface FlatVectorIndex extends VectorIndex {
  readonly directory: string;
  readonly openState: VectorIndexOpenState;
  /** Why the index started empty, when `openState` is `rebuilt-*`. */
  readonly rebuildReason: string | undefined;
  /** Rewrites the snapshot and starts an empty log. */
  compact(): Promise<void>;
  /** Makes every completed write durable (fsync). */
  flush(): Promise<void>;
  /** Compacts if the log holds writes, then releases files. Idempotent. */
  close(): Promise<void>;
}
