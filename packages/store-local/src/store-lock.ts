import { join } from 'node:path';
import { LockTimeoutError } from '@autoskill/core';
import lockfile from 'proper-lockfile';
import { errorCode } from './atomic-file';

/** A lock kept through a burst of writes is given up after this long (fairness). */
const MAX_HOLD_MS = 500;
/** Longest pause between two attempts to take a busy lock (plus the same again as jitter). */
const MAX_RETRY_DELAY_MS = 25;

/** Logger shape the store uses (console fits). */
export interface StoreLogger {
  warn(message: string): void;
}

/**
 * The store-wide write lock: an in-process queue (so one process never competes with itself)
 * plus a `proper-lockfile` lock shared with other processes. Taking the lock costs a mkdir and
 * an rmdir, so it is kept for `lingerMs` after the last write: a burst of writes (an import)
 * pays once. A hold is given up after 500 ms of writes, with a short pause, so other processes
 * are not starved. A lock left by a crashed process goes
 * stale after 10 s and is taken over; proper-lockfile also removes it on normal exit.
 */
export class StoreLock {
  readonly #stateDirectory: string;
  readonly #timeoutMs: number;
  readonly #lingerMs: number;
  readonly #logger: StoreLogger | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #release: (() => Promise<void>) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #heldSince = 0;
  #cooldownUntil = 0;

  constructor(
    stateDirectory: string,
    options: { timeoutMs: number; lingerMs: number; logger?: StoreLogger | undefined },
  ) {
    this.#stateDirectory = stateDirectory;
    this.#timeoutMs = options.timeoutMs;
    this.#lingerMs = options.lingerMs;
    this.#logger = options.logger;
  }

  /** Runs `task` while holding the lock. Throws LockTimeoutError when the lock is not free in time. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(async () => {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = undefined;
      if (!this.#release) {
        // After a long hold, pause so processes waiting for the lock get their turn.
        const pause = this.#cooldownUntil - Date.now();
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
        this.#release = await this.#acquire();
        this.#heldSince = Date.now();
      }
      try {
        return await task();
      } finally {
        if (this.#lingerMs === 0) await this.#releaseNow();
        else if (Date.now() - this.#heldSince > MAX_HOLD_MS) {
          await this.#releaseNow();
          this.#cooldownUntil = Date.now() + MAX_RETRY_DELAY_MS * 2 + 10;
        } else this.#scheduleRelease();
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued writes and releases the lock now. */
  close(): Promise<void> {
    const done = this.#queue.then(() => {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = undefined;
      return this.#releaseNow();
    });
    this.#queue = done.catch(() => undefined);
    return done;
  }

  #scheduleRelease(): void {
    const timer = setTimeout(() => {
      if (this.#timer !== timer) return;
      this.#timer = undefined;
      // Through the queue, so a write that starts meanwhile keeps the lock.
      this.#queue = this.#queue.then(() => (this.#timer ? undefined : this.#releaseNow()));
    }, this.#lingerMs);
    timer.unref?.();
    this.#timer = timer;
  }

  async #releaseNow(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    if (!release) return;
    await release().catch((error: unknown) =>
      this.#logger?.warn(`autoskill store: could not release the lock: ${String(error)}`),
    );
  }

  async #acquire(): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.#timeoutMs;
    let delay = 2;
    for (;;) {
      try {
        return await lockfile.lock(this.#stateDirectory, {
          lockfilePath: join(this.#stateDirectory, 'store.lock'),
          realpath: false,
          stale: 10_000,
          retries: 0,
          onCompromised: (error) =>
            this.#logger?.warn(`autoskill store: the store lock was compromised: ${error.message}`),
        });
      } catch (error) {
        if (errorCode(error) !== 'ELOCKED') throw error;
        if (Date.now() >= deadline) {
          throw new LockTimeoutError(
            `Could not lock the skill store ${this.#stateDirectory} within ${this.#timeoutMs} ms: another process holds it`,
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }
}
