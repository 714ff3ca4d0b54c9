import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * Who holds a lock directory, kept beside it (`<lockPath>.holder.json`; the directory itself must
 * stay empty for proper-lockfile to remove it). `ino` and `born` name the very directory the
 * holder created, so a record left by an earlier holder never describes a newer lock.
 */
interface HolderRecord {
  pid: number;
  host: string;
  ino: number;
  born: number;
}

const holderPath = (lockPath: string) => `${lockPath}.holder.json`;

/** Writes the record of this process for the lock directory it has just taken. */
export async function recordHolder(lockPath: string): Promise<void> {
  const info = await stat(lockPath);
  const record: HolderRecord = {
    pid: process.pid,
    host: hostname(),
    ino: info.ino,
    born: info.birthtimeMs,
  };
  const temporary = `${holderPath(lockPath)}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(record));
  await rename(temporary, holderPath(lockPath));
}

/** Removes this process's record before the lock directory is released. */
export async function forgetHolder(lockPath: string): Promise<void> {
  const record = await readRecord(lockPath);
  if (record?.pid === process.pid && record.host === hostname())
    await unlink(holderPath(lockPath)).catch(() => {});
}

/**
 * Removes the lock directory when its holder, a process of this host, is dead (kill -9, OOM):
 * the lock is free at once instead of after `staleMs`. True when the caller should try again.
 * A holder on another host, or whose pid is alive (maybe reused), is left to the staleness rule.
 */
export async function removeIfHolderDead(lockPath: string): Promise<boolean> {
  const record = await readRecord(lockPath);
  if (!record || record.host !== hostname() || isAlive(record.pid)) return false;
  if (!(await describes(record, lockPath))) return false;
  // Moved aside first, then checked again: if another process took the lock over between the
  // check and the move, its directory is put back.
  const aside = `${lockPath}.dead-${randomUUID()}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return true; // already gone: try again
  }
  if (!(await describes(record, aside))) {
    await rename(aside, lockPath).catch(() => {});
    return true;
  }
  await rm(aside, { recursive: true, force: true });
  const now = await readRecord(lockPath);
  if (now?.pid === record.pid && now.ino === record.ino)
    await unlink(holderPath(lockPath)).catch(() => {});
  return true;
}

async function describes(record: HolderRecord, directory: string): Promise<boolean> {
  const info = await stat(directory).catch(() => undefined);
  // Where the file system keeps no birth time (0), the inode alone.
  return info !== undefined && info.ino === record.ino && info.birthtimeMs === record.born;
}

async function readRecord(lockPath: string): Promise<HolderRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(holderPath(lockPath), 'utf8')) as HolderRecord;
    return Number.isInteger(parsed.pid) && typeof parsed.host === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
