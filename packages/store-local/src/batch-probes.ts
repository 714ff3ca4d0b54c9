import { existsOffThread } from './store-helpers';
import { insideRoot } from './store-paths';

/**
 * Existence probes for one batch of puts (store lock held): each path is checked once, off the
 * main thread. A synchronous stat of a name in a folder that the thread pool is creating entries
 * in waits on that folder's lock and stalls the whole batch; an async one lets the other puts
 * run. Names the batch itself creates are tracked by the store's reservations, so a remembered
 * "absent" stays true for the batch.
 */
export class BatchProbes {
  readonly #root: string;
  readonly #known = new Map<string, Promise<boolean>>();

  constructor(root: string) {
    this.#root = root;
  }

  /** True when `path` (relative to the store root, POSIX) exists. */
  exists(path: string): Promise<boolean> {
    let known = this.#known.get(path);
    if (!known) {
      known = existsOffThread(insideRoot(this.#root, path));
      this.#known.set(path, known);
    }
    return known;
  }
}
