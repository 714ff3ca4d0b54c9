import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { LockTimeoutError } from '@autoskill/core';

export interface FileLockOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** A lock file older than this is considered abandoned even if its owner looks alive. */
  staleMs: number;
}

/**
 * A cross-process lock: `path` created with O_EXCL, holding "pid host time". Held only for the
 * duration of one write (milliseconds), never while the index is merely open. A lock left by a
 * killed process is broken when its pid is gone (same host) or it is older than `staleMs`.
 * Returns the release function.
 */
export async function acquireFileLock(
  path: string,
  options: FileLockOptions,
): Promise<() => Promise<void>> {
  const started = Date.now();
  const owner = `${process.pid} ${hostname()} ${new Date().toISOString()}\n`;
  let wait = 2;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(owner);
      } finally {
        await handle.close();
      }
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isAbandoned(path, options.staleMs)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() - started > options.timeoutMs) {
      const holder = await readFile(path, 'utf8').catch(() => '');
      throw new LockTimeoutError(
        `Timed out after ${options.timeoutMs} ms waiting for the vector index lock ${path}` +
          (holder ? ` (held by ${holder.trim()})` : ''),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 50);
  }
}

async function isAbandoned(path: string, staleMs: number): Promise<boolean> {
  let content: string;
  let modified: number;
  try {
    [content, modified] = await Promise.all([
      readFile(path, 'utf8'),
      stat(path).then((info) => info.mtimeMs),
    ]);
  } catch {
    return false; // Released meanwhile: just retry.
  }
  if (Date.now() - modified > staleMs) return true;
  const [pidText, host] = content.split(' ');
  const pid = Number(pidText);
  if (!content) return Date.now() - modified > 1000; // The owner died between create and write.
  if (!Number.isInteger(pid) || pid <= 0 || host !== hostname()) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
