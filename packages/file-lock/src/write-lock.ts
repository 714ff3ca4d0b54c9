import { stat, unlink } from 'node:fs/promises';
import { LockTimeoutError } from '@autoskill/core';
import lockfile from 'proper-lockfile';
import { forgetHolder, recordHolder, removeIfHolderDead } from './lock-holder';

/** Options of `WriteLock`. */
export interface WriteLockOptions {
  /** The path the lock is keyed by (need not exist). */
  target: string;
  /** The lock itself, a directory created atomically. Default `<target>.lock`. */
  lockPath?: string;
  /** What the lock protects, for messages: "the skill store /srv/Skills". */
  description: string;
  /** Waiting longer than this for another process fails with `LockTimeoutError`. */
  timeoutMs: number;
  /** A lock whose holder stopped refreshing it this long ago (a crash) is taken over. Default 10 000 ms, at least 2 000. */
  staleMs?: number;
  /** Keep the lock this long after the last task so a burst pays for it once; 0 = release at once. */
  lingerMs: number;
  /** Give the lock up after holding it this long in a burst, then pause, so others get a turn. Default 500 ms. */
  maxHoldMs?: number;
  /** Longest pause between two attempts to take a busy lock (plus as much again as jitter). Default 25 ms. */
  maxRetryDelayMs?: number;
  /**
   * A plain file at `lockPath` (an older lock format) counts as held while fresh and is removed
   * once older than `staleMs`. Without this option such a file is an error (`ENOTDIR`).
   */
  replaceLockFile?: boolean;
  /** Where release failures and a compromised lock are reported. */
  logger?: { warn(message: string): void };
}

/**
 * A cross-process write lock: an in-process queue (so one process never competes with itself)
 * plus a `proper-lockfile` lock shared with other processes (a directory whose mtime is refreshed
 * while held). Taking it costs a mkdir and an rmdir, so it is kept for `lingerMs` after the last
 * task; a hold is given up after `maxHoldMs` with a short pause so other processes are not
 * starved. A lock whose holder (recorded beside it) was a process of this host that is dead is
 * taken over at once; any other lock left by a crash goes stale after `staleMs` and is taken over;
 * `proper-lockfile` also removes it when the process exits normally.
 *
 * @example
 * const lock = new WriteLock({ target: '/srv/Skills/.autoskill', description: 'the skill store', timeoutMs: 10_000, lingerMs: 20 });
 * await lock.run(() => writeFiles());
 * await lock.close();
 */
export class WriteLock {
  readonly #options: Required<Omit<WriteLockOptions, 'logger'>> & WriteLockOptions;
  #queue: Promise<unknown> = Promise.resolve();
  #release: (() => Promise<void>) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #heldSince = 0;
  #cooldownUntil = 0;

  constructor(options: WriteLockOptions) {
    this.#options = {
      lockPath: `${options.target}.lock`,
      staleMs: 10_000,
      maxHoldMs: 500,
      maxRetryDelayMs: 25,
      replaceLockFile: false,
      ...options,
    };
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
        if (this.#options.lingerMs === 0) await this.#releaseNow();
        else if (Date.now() - this.#heldSince > this.#options.maxHoldMs) {
          await this.#releaseNow();
          // Long enough for a process polling at the longest retry delay (+ jitter) to get its turn.
          this.#cooldownUntil = Date.now() + this.#options.maxRetryDelayMs * 2 + 10;
        } else this.#scheduleRelease();
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for queued tasks and releases the lock now. */
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
      // Through the queue, so a task that starts meanwhile keeps the lock.
      this.#queue = this.#queue.then(() => (this.#timer ? undefined : this.#releaseNow()));
    }, this.#options.lingerMs);
    timer.unref?.();
    this.#timer = timer;
  }

  async #releaseNow(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    if (!release) return;
    await release().catch((error: unknown) =>
      this.#options.logger?.warn(
        `Could not release the lock of ${this.#options.description}: ${String(error)}`,
      ),
    );
  }

  /** Removes an old-format lock file once stale; true when it was (or is already) gone. */
  async #removeIfStale(): Promise<boolean> {
    const { lockPath, staleMs } = this.#options;
    const info = await stat(lockPath).catch(() => undefined);
    if (!info) return true;
    if (Date.now() - info.mtimeMs < staleMs) return false;
    await unlink(lockPath).catch(() => {});
    return true;
  }

  async #acquire(): Promise<() => Promise<void>> {
    const { target, lockPath, staleMs, timeoutMs, maxRetryDelayMs, description } = this.#options;
    const deadline = Date.now() + timeoutMs;
    let delay = 2;
    for (;;) {
      try {
        const release = await lockfile.lock(target, {
          lockfilePath: lockPath,
          realpath: false,
          stale: staleMs,
          retries: 0,
          onCompromised: (error) =>
            this.#options.logger?.warn(
              `The lock of ${description} was compromised: ${error.message}`,
            ),
        });
        await recordHolder(lockPath).catch(() => {});
        return async () => {
          await forgetHolder(lockPath);
          await release();
        };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR' && this.#options.replaceLockFile) {
          // An old-format lock file: gone or stale → try again at once; fresh → held, wait.
          if (await this.#removeIfStale()) continue;
        } else if (code !== 'ELOCKED') throw error;
        // Held by a process of this host that is dead: free now rather than once stale.
        else if (await removeIfHolderDead(lockPath)) continue;
        if (Date.now() >= deadline) {
          throw new LockTimeoutError(
            `Could not lock ${description} within ${timeoutMs} ms: another process holds it`,
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
        delay = Math.min(delay * 2, maxRetryDelayMs);
      }
    }
  }
}
