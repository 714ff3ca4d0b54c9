import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoSkillError } from '@autoskill/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteLock, type WriteLockOptions } from './write-lock';

let directory: string;
const locks: WriteLock[] = [];
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-lock-'));
});
afterEach(async () => {
  await Promise.all(locks.splice(0).map((lock) => lock.close()));
  await rm(directory, { recursive: true, force: true });
});

function lockOn(options: Partial<WriteLockOptions> = {}): WriteLock {
  const lock = new WriteLock({
    target: join(directory, 'data'),
    description: 'the test data',
    timeoutMs: 2_000,
    lingerMs: 0,
    ...options,
  });
  locks.push(lock);
  return lock;
}

const lockPath = () => join(directory, 'data.lock');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WriteLock', () => {
  it('runs the tasks of one process one at a time, in order, holding the lock directory', async () => {
    const lock = lockOn();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      expect(existsSync(lockPath())).toBe(true);
      await sleep(5);
      log.push(`end ${name}`);
      return name;
    };
    expect(await Promise.all([lock.run(task('a')), lock.run(task('b'))])).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(existsSync(lockPath())).toBe(false);
  });

  it('keeps the lock through a burst and releases it when the burst is over', async () => {
    const lock = lockOn({ lingerMs: 50 });
    await lock.run(async () => {});
    expect(existsSync(lockPath())).toBe(true);
    await sleep(200);
    expect(existsSync(lockPath())).toBe(false);
  });

  it('makes another holder wait, and fails with LOCK_TIMEOUT naming what it protects', async () => {
    const first = lockOn({ lingerMs: 0 });
    const second = lockOn({ timeoutMs: 100 });
    let releaseFirst: () => void = () => {};
    const holding = first.run(() => new Promise<void>((resolve) => (releaseFirst = resolve)));
    await sleep(20);
    const error = await second.run(async () => 'never').catch((caught: unknown) => caught);
    expect(AutoSkillError.hasCode(error, 'LOCK_TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain('Could not lock the test data within 100 ms');
    releaseFirst();
    await holding;
    expect(await lockOn({ timeoutMs: 1_000 }).run(async () => 'after')).toBe('after');
  });

  it('takes over a lock left by a crashed holder once it is stale', async () => {
    await mkdir(lockPath());
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath(), old, old);
    expect(await lockOn({ staleMs: 2_000 }).run(async () => 'took over')).toBe('took over');
  });

  it('respects a fresh lock file of an older format and replaces it once stale, when asked to', async () => {
    await writeFile(lockPath(), 'pid 123');
    const fresh = await lockOn({ replaceLockFile: true, timeoutMs: 100 })
      .run(async () => 'x')
      .catch((error: unknown) => error);
    expect(AutoSkillError.hasCode(fresh, 'LOCK_TIMEOUT')).toBe(true);
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath(), old, old);
    await expect(lockOn({ staleMs: 2_000 }).run(async () => 'x')).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
    expect(await lockOn({ replaceLockFile: true, staleMs: 2_000 }).run(async () => 'ok')).toBe(
      'ok',
    );
    await expect(stat(lockPath())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('lets a failed task go without losing the lock for the next one', async () => {
    const lock = lockOn({ lingerMs: 20 });
    await expect(
      lock.run(async () => {
        throw new Error('task failed');
      }),
    ).rejects.toThrow('task failed');
    expect(await lock.run(async () => 'next')).toBe('next');
    await lock.close();
    expect(existsSync(lockPath())).toBe(false);
  });
});

// Each test starts a holder process through tsx: seconds on a loaded machine, so no 5 s default.
describe('WriteLock after its holder was killed', { timeout: 60_000 }, () => {
  const HOLDER = fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url));

  /** A process that takes the lock and holds it until killed. */
  async function holdInAnotherProcess(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, join(directory, 'data')], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    return child;
  }

  it('takes the lock over at once when the holder process is dead, not after staleMs', async () => {
    const holder = await holdInAnotherProcess();
    // Alive: the lock is respected.
    const waiting = await lockOn({ timeoutMs: 200, staleMs: 60_000 })
      .run(async () => 'never')
      .catch((error: unknown) => error);
    expect(AutoSkillError.hasCode(waiting, 'LOCK_TIMEOUT')).toBe(true);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    expect(existsSync(lockPath())).toBe(true);
    // Dead: taken over well before the lock would go stale (a minute here).
    expect(await lockOn({ timeoutMs: 5_000, staleMs: 60_000 }).run(async () => 'took over')).toBe(
      'took over',
    );
    expect(existsSync(lockPath())).toBe(false);
    expect(existsSync(`${lockPath()}.holder.json`)).toBe(false);
  });

  it('does not trust a record of a dead holder that names another lock directory', async () => {
    const holder = await holdInAnotherProcess();
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    // Someone else's fresh lock under the same name, with the dead process's record beside it.
    await rm(lockPath(), { recursive: true });
    await mkdir(lockPath());
    const error = await lockOn({ timeoutMs: 200, staleMs: 60_000 })
      .run(async () => 'never')
      .catch((caught: unknown) => caught);
    expect(AutoSkillError.hasCode(error, 'LOCK_TIMEOUT')).toBe(true);
    expect(existsSync(lockPath())).toBe(true);
  });
});
