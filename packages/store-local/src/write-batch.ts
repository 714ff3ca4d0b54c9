import { BatchProbes } from './batch-probes';
import type { JournalChange } from './change-journal';

/**
 * One chunk of `putMany`, written under one hold of the store lock. While it runs, puts take
 * their fsync setting from it, probe folder names off the main thread (each path once), skip
 * parent folders already created and checked, and leave their journal lines here: the chunk
 * appends them in one write at its end.
 */
export class WriteBatch {
  /** fsync setting of the batch's writes; undefined = the store's own setting. */
  readonly sync: boolean | undefined;
  readonly probes: BatchProbes;
  /** Parent folders created and checked by this batch. */
  readonly checkedParents = new Set<string>();
  readonly #changes: JournalChange[] = [];

  constructor(root: string, options: { sync?: boolean | undefined } = {}) {
    this.sync = options.sync === false ? false : undefined;
    this.probes = new BatchProbes(root);
  }

  /** Keeps a journal line for the end of the batch. */
  record(change: JournalChange): void {
    this.#changes.push(change);
  }

  /** The journal lines recorded so far, in order; empties the batch. */
  takeChanges(): JournalChange[] {
    return this.#changes.splice(0);
  }
}
