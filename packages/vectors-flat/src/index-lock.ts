import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LockTimeoutError } from '@autoskill/core';
import lockfile from 'proper-lockfile';
import type { FlatVectorIndexLogger } from './flat-vector-index-options';

/**
 * A lock kept through a burst of writes is given up after this long (fairness), then the holder
 * pauses for `COOLDOWN_MS`. Longer than the store's 500 ms, and with faster polling below, because
 * index bursts are long fsync'd batches (re-embedding): the pause costs about 2 % of a burst, no
 * more than taking the lock for every batch did.
 */
const MAX_HOLD_MS = 1_000;
/** Longest pause between two attempts to take a busy lock (plus up to the same again as jitter). */
const MAX_RETRY_DELAY_MS = 5;
/** Long enough for a process polling at `MAX_RETRY_DELAY_MS` (+ jitter) to get its turn. */
const COOLDOWN_MS = MAX_RETRY_DELAY_MS * 2 + 10;

/**
 * The cross-process write lock of one index, `<name>.lock`, with the same library, stale and
 * timeout rules and linger as the local skill store's lock (only the fairness numbers above
 * differ): a `proper-lockfile` lock (a directory created atomically, its mtime refreshed while
 * held), taken for writes and catch-ups, never while the index is merely open. Taking it costs a mkdir and an rmdir, so it is kept for `lingerMs` after the last
 * operation: a burst of writes pays once. A hold is given up after 1 s, with a short pause, so
 * other processes are not starved. A lock left by a crashed process goes stale after `staleMs`
 * and is taken over; `proper-lockfile` also removes it when the process exits normally. Waiting
 * longer than `timeoutMs` fails with `LockTimeoutError`.
 */
export class IndexLock {
  readonly #target: string;
  readonly #path: string;
  readonly #timeoutMs: number;
  readonly #staleMs: number;
  readonly #lingerMs: number;
  readonly #logger: FlatVectorIndexLogger;
  #queue: Promise<unknown> = Promise.resolve();
  #release: (() => Promise<void>) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #heldSince = 0;
  #cooldownUntil = 0;

  constructor(
    directory: string,
    name: string,
    options: {
      timeoutMs: number;
      staleMs: number;
      lingerMs: number;
      logger: FlatVectorIndexLogger;
    },
  ) {
    // proper-lockfile keys its locks by this path; `<name>.lock` next to it is the lock itself.
    this.#target = join(directory, name);
    this.#path = `${this.#target}.lock`;
    this.#timeoutMs = options.timeoutMs;
    this.#staleMs = options.staleMs;
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
          this.#cooldownUntil = Date.now() + COOLDOWN_MS;
        } else this.#scheduleRelease();
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued operations and releases the lock now. */
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
      // Through the queue, so an operation that starts meanwhile keeps the lock.
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
      this.#logger.warn(`Could not release the vector index lock ${this.#path}: ${String(error)}`),
    );
  }

  async #acquire(): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.#timeoutMs;
    let delay = 2;
    for (;;) {
      try {
        return await lockfile.lock(this.#target, {
          realpath: false,
          stale: this.#staleMs,
          retries: 0,
          onCompromised: (error) =>
            this.#logger.warn(
              `The vector index lock ${this.#path} was compromised: ${error.message}`,
            ),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR' && Date.now() < deadline) {
          // A stale lock *file* left by an older version that crashed: remove it and try again.
          await unlink(this.#path).catch(() => {});
          continue;
        }
        if (code !== 'ELOCKED') throw error;
        if (Date.now() >= deadline) {
          throw new LockTimeoutError(
            `Could not lock the vector index ${this.#path} within ${this.#timeoutMs} ms: another process holds it`,
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }
}
