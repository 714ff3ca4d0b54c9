import type { LearningJobRecord, LearningJobStore } from '@autoskill/core';
import type { Logger } from '../logger';
import { RateLimitedWarning } from './rate-limited-warning';

/** What the queue wants stored for one job, and what is. */
interface JobState {
  /** The record to store, or null once the job finished. */
  wanted: LearningJobRecord | null;
  /** True while the store holds the job. */
  stored: boolean;
  /** True when `wanted` changed since the last write started. */
  dirty: boolean;
  draining: boolean;
}

/**
 * The learning queue's side of a `LearningJobStore`: opens it on first use and brings each job's
 * stored record to what the queue wants, off the caller's path, one write at a time per job. A
 * burst of changes to a job costs one write for the newest (coalescing rewrites a waiting job at
 * every turn); a job that finished before its first write never touches the store. A failing
 * store never fails a job: the job still runs, only its durability is lost (logged, at most
 * every 10 s).
 */
export class JobPersistence {
  private store: Promise<LearningJobStore | undefined> | undefined;
  private readonly jobs = new Map<string, JobState>();
  private readonly drains = new Set<Promise<void>>();
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

  /** Records an accepted job. */
  add(record: LearningJobRecord): void {
    this.want(record.id, record);
  }

  /** Replaces the record of a job that still waits (coalescing). */
  replace(record: LearningJobRecord): void {
    this.want(record.id, record);
  }

  /** Forgets a finished job. */
  remove(id: string): void {
    if (this.jobs.has(id)) this.want(id, null);
  }

  /** Jobs of owners that are gone, now this process's, oldest first. */
  async claimOrphans(): Promise<LearningJobRecord[]> {
    const store = await this.opened();
    if (!store) return [];
    try {
      const records = await store.claimOrphans();
      for (const record of records)
        this.jobs.set(record.id, { wanted: record, stored: true, dirty: false, draining: false });
      return records;
    } catch (error) {
      this.warn('could not take over unfinished learning jobs', error);
      return [];
    }
  }

  /**
   * Resolves when job `id` may start: at once without a shared store; with one (replicas on a
   * database), once its record is written and no earlier job of its user is left anywhere. A
   * failing store never holds a job back.
   */
  async awaitTurn(id: string): Promise<void> {
    const store = await this.opened();
    if (!store?.awaitTurn) return;
    while (this.jobs.get(id)?.draining) await Promise.allSettled([...this.drains]);
    try {
      await store.awaitTurn(id);
    } catch (error) {
      this.warn(`could not wait for the turn of learning job ${id}`, error);
    }
  }

  /** Resolves when every change asked for so far is written. */
  async flush(): Promise<void> {
    while (this.drains.size > 0) await Promise.allSettled([...this.drains]);
  }

  /** Waits for the writes, then closes the store (its unfinished jobs become claimable). */
  async close(): Promise<void> {
    await this.flush();
    const store = await this.store;
    await store
      ?.close()
      .catch((error: unknown) => this.warn('could not close the job store', error));
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

  private want(id: string, wanted: LearningJobRecord | null): void {
    let state = this.jobs.get(id);
    if (!state) {
      state = { wanted, stored: false, dirty: true, draining: false };
      this.jobs.set(id, state);
    } else {
      state.wanted = wanted;
      state.dirty = true;
    }
    if (state.draining) return;
    state.draining = true;
    const drain = this.drain(id, state);
    this.drains.add(drain);
    void drain.finally(() => this.drains.delete(drain));
  }

  /** Writes until the store holds what is wanted; ends in the same turn as its last check. */
  private async drain(id: string, state: JobState): Promise<void> {
    const store = await this.opened();
    while (state.dirty) {
      state.dirty = false;
      const wanted = state.wanted;
      if (!store) continue;
      try {
        if (wanted === null) {
          if (state.stored) await store.remove(id);
          state.stored = false;
        } else if (state.stored) await store.replace(wanted);
        else {
          await store.add(wanted);
          state.stored = true;
        }
      } catch (error) {
        this.warn(`could not record learning job ${id}`, error);
      }
    }
    state.draining = false;
    if (state.wanted === null) this.jobs.delete(id);
  }

  private warn(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.warning.warn(
      (count) => `${what}: ${message} (${count} failure(s) since the last warning)`,
    );
  }
}
