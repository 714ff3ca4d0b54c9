import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  assertLearningJobRecord,
  ConflictError,
  compareLearningJobRecords,
  type LearningJobRecord,
  type LearningJobStore,
} from '@autoskill/core';
import { FolderSync, TEMPORARY_SUFFIX, writeFileDurably } from './durable-file';
import { isOwnerAlive, newOwnerId, setOpenHere, thisProcess } from './job-owner';

/** Options of `createFileLearningJobStore`. */
export interface FileLearningJobStoreOptions {
  /** Where jobs live; the SDK uses `<storeDir>/.autoskill/jobs`. Created when missing. */
  directory: string;
  /** fsync files and folders so an accepted job survives a power loss too (default true). */
  sync?: boolean;
  /** How often this owner marks itself alive (default 5 000 ms). */
  heartbeatMs?: number;
  /**
   * An owner on another host, or whose pid now belongs to another process, that has not marked
   * itself alive this long is gone (default 60 000 ms). On one host a dead pid is seen at once.
   */
  staleMs?: number;
  /** Where unreadable job files are reported (they are set aside in `corrupt/`). */
  logger?: { warn(message: string): void };
}

const QUEUE_SEPARATOR = '~';

/**
 * A `LearningJobStore` on files, safe for several processes (and hosts, on a shared disk):
 *
 * - `owners/<ownerId>.json`: one per open store — pid, host, process start; its mtime is the
 *   heartbeat. Removed by `close()`.
 * - `queues/<ownerId>~<n>/<jobId>.json`: the jobs an owner holds (`~0` its own, others claimed).
 *   Each file is written whole (temporary file, fsync, rename, folder fsync).
 * - `corrupt/`: job files a claimer could not read, set aside with a warning.
 *
 * A queue is claimed by renaming its folder to the claimer's name: one rename wins, so each job
 * goes to one claimer, and the folder's name always says who holds it.
 */
export function createFileLearningJobStore(options: FileLearningJobStoreOptions): LearningJobStore {
  return new FileLearningJobStore(options);
}

class FileLearningJobStore implements LearningJobStore {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  private readonly ownerId = newOwnerId();
  private readonly ownersDirectory: string;
  private readonly queuesDirectory: string;
  private readonly sync: boolean;
  private readonly folders: FolderSync;
  private readonly staleMs: number;
  private readonly heartbeatMs: number;
  /** Path of every job this store holds. */
  private readonly files = new Map<string, string>();
  private opening: Promise<void> | undefined;
  private ownQueue: Promise<string> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private claimedQueues = 0;
  private closed = false;

  constructor(private readonly options: FileLearningJobStoreOptions) {
    this.name = `file:${options.directory}`;
    this.ownersDirectory = join(options.directory, 'owners');
    this.queuesDirectory = join(options.directory, 'queues');
    this.sync = options.sync ?? true;
    this.folders = new FolderSync(this.sync);
    this.heartbeatMs = Math.max(100, options.heartbeatMs ?? 5_000);
    this.staleMs = Math.max(this.heartbeatMs * 3, options.staleMs ?? 60_000);
  }

  async add(record: LearningJobRecord): Promise<void> {
    this.assertOpen();
    assertLearningJobRecord(record);
    if (this.files.has(record.id))
      throw new ConflictError(`Job ${record.id} is already recorded.`, { id: record.id });
    const path = join(await this.queue(), `${record.id}.json`);
    this.files.set(record.id, path);
    try {
      await this.write(path, record);
    } catch (error) {
      this.files.delete(record.id);
      throw error;
    }
  }

  async replace(record: LearningJobRecord): Promise<void> {
    this.assertOpen();
    assertLearningJobRecord(record);
    const path = this.files.get(record.id);
    if (!path)
      throw new ConflictError(`Job ${record.id} is not owned by this job store.`, {
        id: record.id,
      });
    await this.write(path, record);
  }

  async remove(id: string): Promise<void> {
    this.assertOpen();
    const path = this.files.get(id);
    if (!path) return;
    this.files.delete(id);
    await unlink(path).catch(ignoreMissing);
    await this.folders.sync(dirname(path));
  }

  async claimOrphans(): Promise<LearningJobRecord[]> {
    this.assertOpen();
    await this.open();
    const claimed: LearningJobRecord[] = [];
    for (const name of await readdir(this.queuesDirectory)) {
      const ownerId = name.split(QUEUE_SEPARATOR)[0] as string;
      if (ownerId === this.ownerId || !name.includes(QUEUE_SEPARATOR)) continue;
      if (await isOwnerAlive(ownerId, this.ownerFile(ownerId), this.staleMs)) continue;
      const target = join(
        this.queuesDirectory,
        `${this.ownerId}${QUEUE_SEPARATOR}${++this.claimedQueues}`,
      );
      try {
        await rename(join(this.queuesDirectory, name), target);
      } catch (error) {
        // Another process claimed it first.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      await this.folders.sync(this.queuesDirectory);
      claimed.push(...(await this.readQueue(target)));
    }
    await this.forgetGoneOwners();
    return claimed.sort(compareLearningJobRecords);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    setOpenHere(this.ownerId, false);
    if (!this.opening) return;
    await this.opening.catch(() => {});
    // Empty queues go; the others stay for the next claimer. Without the owner file they are
    // claimable at once.
    for (const name of await readdir(this.queuesDirectory).catch(() => [] as string[]))
      if (name.startsWith(`${this.ownerId}${QUEUE_SEPARATOR}`))
        await rmdir(join(this.queuesDirectory, name)).catch(() => {});
    await unlink(this.ownerFile(this.ownerId)).catch(ignoreMissing);
    await this.folders.sync(this.ownersDirectory);
  }

  private assertOpen(): void {
    if (this.closed) throw new ConflictError('The job store is closed.');
  }

  private ownerFile(ownerId: string): string {
    return join(this.ownersDirectory, `${ownerId}.json`);
  }

  /** Writes the owner file and starts the heartbeat, once (a failed attempt is retried). */
  private open(): Promise<void> {
    this.opening ??= (async () => {
      await mkdir(this.ownersDirectory, { recursive: true });
      await mkdir(this.queuesDirectory, { recursive: true });
      await this.writeOwnerFile();
      setOpenHere(this.ownerId, true);
      this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
      this.heartbeat.unref?.();
    })();
    this.opening.catch(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private writeOwnerFile(): Promise<void> {
    return writeFileDurably(this.ownerFile(this.ownerId), JSON.stringify(thisProcess()), {
      sync: this.sync,
      folders: this.folders,
    });
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    const now = new Date();
    try {
      await utimes(this.ownerFile(this.ownerId), now, now);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || this.closed) return;
      // Someone took this owner for gone (a long stall): say so, and be visibly alive again.
      this.options.logger?.warn(
        `learning job store ${this.options.directory}: this process was taken for stopped; its waiting jobs may run elsewhere too`,
      );
      await this.writeOwnerFile().catch(() => {});
    }
  }

  /** This owner's own queue folder, created on first use. */
  private queue(): Promise<string> {
    this.ownQueue ??= this.open().then(async () => {
      const path = join(this.queuesDirectory, `${this.ownerId}${QUEUE_SEPARATOR}0`);
      await mkdir(path, { recursive: true });
      await this.folders.sync(this.queuesDirectory);
      return path;
    });
    this.ownQueue.catch(() => {
      this.ownQueue = undefined;
    });
    return this.ownQueue;
  }

  private write(path: string, record: LearningJobRecord): Promise<void> {
    return writeFileDurably(path, JSON.stringify({ version: 1, record }), {
      sync: this.sync,
      folders: this.folders,
    });
  }

  /** The jobs of a claimed queue; leftovers of interrupted writes are removed, unreadable files set aside. */
  private async readQueue(folder: string): Promise<LearningJobRecord[]> {
    const records: LearningJobRecord[] = [];
    for (const name of await readdir(folder)) {
      const path = join(folder, name);
      if (name.includes(TEMPORARY_SUFFIX)) {
        await unlink(path).catch(ignoreMissing);
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        const parsed = JSON.parse(await readFile(path, 'utf8')) as { record: LearningJobRecord };
        assertLearningJobRecord(parsed.record);
        if (this.files.has(parsed.record.id)) continue;
        this.files.set(parsed.record.id, path);
        records.push(parsed.record);
      } catch (error) {
        const aside = join(this.options.directory, 'corrupt', `${Date.now()}-${name}`);
        this.options.logger?.warn(
          `learning job file ${path} is unreadable (${(error as Error).message}); set aside as ${aside}`,
        );
        await mkdir(dirname(aside), { recursive: true }).catch(() => {});
        await rename(path, aside).catch(() => {});
      }
    }
    if (records.length === 0) await rmdir(folder).catch(() => {});
    return records;
  }

  /** Removes the owner files of owners that are gone and hold no queue any more (and stale leftovers). */
  private async forgetGoneOwners(): Promise<void> {
    const queues = await readdir(this.queuesDirectory);
    const holding = new Set(queues.map((name) => name.split(QUEUE_SEPARATOR)[0]));
    for (const name of await readdir(this.ownersDirectory)) {
      if (name.includes(TEMPORARY_SUFFIX)) {
        // Left by a process that died while writing its owner file.
        const path = join(this.ownersDirectory, name);
        const info = await stat(path).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > this.staleMs) await unlink(path).catch(() => {});
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const ownerId = name.slice(0, -'.json'.length);
      if (ownerId === this.ownerId || holding.has(ownerId)) continue;
      if (await isOwnerAlive(ownerId, this.ownerFile(ownerId), this.staleMs)) continue;
      await unlink(this.ownerFile(ownerId)).catch(ignoreMissing);
    }
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
