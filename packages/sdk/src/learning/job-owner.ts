import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';

/** What an owner file (`owners/<ownerId>.json`) says about the process that owns jobs. */
export interface JobOwnerInfo {
  pid: number;
  hostname: string;
  /** When the owner's process started (ms since epoch), to tell a reused pid. */
  processStartedAt: number;
}

/** Owners open in this thread: alive by definition (several clients may share a process). */
const openHere = new Set<string>();

/** A new owner id: `<pid>-<random>` (safe in file names, never reused). */
export function newOwnerId(): string {
  return `${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** This process, as its owner file describes it. */
export function thisProcess(): JobOwnerInfo {
  return {
    pid: process.pid,
    hostname: hostname(),
    processStartedAt: Math.round(Date.now() - process.uptime() * 1000),
  };
}

/** Marks an owner of this thread open or closed. */
export function setOpenHere(ownerId: string, open: boolean): void {
  if (open) openHere.add(ownerId);
  else openHere.delete(ownerId);
}

/**
 * Whether the owner behind `ownerFile` is still alive. An owner is gone when its file is
 * missing (it closed), when it ran on this host and its process is dead or is a later process
 * with the same pid, or when it has not refreshed its file for `staleMs` (another host, or a pid
 * reused by an unrelated process).
 */
export async function isOwnerAlive(
  ownerId: string,
  ownerFile: string,
  staleMs: number,
): Promise<boolean> {
  if (openHere.has(ownerId)) return true;
  let text: string;
  let modified: number;
  try {
    [text, modified] = await Promise.all([
      readFile(ownerFile, 'utf8'),
      stat(ownerFile).then((info) => info.mtimeMs),
    ]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const fresh = Date.now() - modified < staleMs;
  let info: JobOwnerInfo;
  try {
    info = JSON.parse(text) as JobOwnerInfo;
  } catch {
    return fresh;
  }
  const self = thisProcess();
  if (info.hostname !== self.hostname) return fresh;
  if (info.pid === self.pid) {
    // This very process (another thread, or a client this module did not open) or an earlier
    // process that had the same pid (a container restarted).
    return Math.abs(info.processStartedAt - self.processStartedAt) < 2_000 && fresh;
  }
  return processExists(info.pid) && fresh;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
