import type { LearningJobRecord, LearningJobStore } from '@autoskill/core';
import type { Logger } from '../logger';
import { RateLimitedWarning } from './rate-limited-warning';

/**
 * The learning queue's side of a `LearningJobStore`: opens it on first use, runs each job's
 * writes in order (add → replace… → remove) off the caller's path, and lets `flush` wait for
 * them. A failing store never fails a job: the job still runs, only its durability is lost
 * (logged, at most every 10 s).
 */
export class JobPersistence {
  private store: Promise<LearningJobStore | undefined> | undefined;
  /** The tail of each job's writes. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Jobs recorded in the store (added or claimed) and not removed yet. */
  private readonly recorded = new Set<string>();
  private storeName = 'none';
  private readonly warning: RateLimitedWarning;

  constructor(
    private readonly open: (() => Promise<LearningJobStore | undefined>) | undefined,
    private readonly logger: Logger,
  ) {
    this.warning = new RateLimitedWarning(logger);
  }

  /** True once a store is open. */
  get enabled(): boolean {
    return this.storeName !== 'none';
  }

  /** The store's name, or `none`. */
  get name(): string {
    return this.storeName;
  }

  private opened(): Promise<LearningJobStore | undefined> {
    this.store ??= (this.open?.() ?? Promise.resolve(undefined)).then(
      (store) => {
        this.storeName = store?.name ?? 'none';
        return store;
      },
      (error: unknown) => {
        this.logger.warn(`learning jobs are not persisted: ${String(error)}`);
        return undefined;
      },
    );
    return this.store;
  }

  /** Records an accepted job. */
  add(record: LearningJobRecord): void {
    this.chain(record.id, async (store) => {
      await store.add(record);
      this.recorded.add(record.id);
    });
  }

  /** Replaces the record of a job that still waits (coalescing). */
  replace(record: LearningJobRecord): void {
    this.chain(record.id, async (store) => {
      if (this.recorded.has(record.id)) await store.replace(record);
    });
  }

  /** Forgets a finished job. */
  remove(id: string): void {
    this.chain(id, async (store) => {
      if (this.recorded.delete(id)) await store.remove(id);
    });
  }

  /** Jobs of owners that are gone, now this process's, oldest first. */
  async claimOrphans(): Promise<LearningJobRecord[]> {
    const store = await this.opened();
    if (!store) return [];
    try {
      const records = await store.claimOrphans();
      for (const record of records) this.recorded.add(record.id);
      return records;
    } catch (error) {
      this.warn('could not take over unfinished learning jobs', error);
      return [];
    }
  }

  /** Resolves when every write queued so far is done. */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Waits for the writes, then closes the store (its unfinished jobs become claimable). */
  async close(): Promise<void> {
    await this.flush();
    const store = await this.store;
    await store
      ?.close()
      .catch((error: unknown) => this.warn('could not close the job store', error));
  }

  private chain(id: string, write: (store: LearningJobStore) => Promise<void>): void {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const store = await this.opened();
      if (!store) return;
      try {
        await write(store);
      } catch (error) {
        this.warn(`could not record learning job ${id}`, error);
      }
    });
    this.chains.set(id, next);
    void next.then(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
  }

  private warn(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.warning.warn(
      (count) => `${what}: ${message} (${count} failure(s) since the last warning)`,
    );
  }
}
