/**
 * Runs tasks one at a time per key (e.g. per user), in arrival order; different keys run in
 * parallel. In-process only: writers in other processes are handled by the store's
 * `expectedRevision` check.
 *
 * @example
 * const perUser = new KeyedMutex();
 * await Promise.all([perUser.run('alice', first), perUser.run('alice', second)]); // second starts after first
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Queues `task` behind the tasks already queued for `key`; a failed task does not block the next. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Number of keys with queued or running work. */
  get size(): number {
    return this.tails.size;
  }
}
