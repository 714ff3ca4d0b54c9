import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WriteLock } from '@autoskill/file-lock';
import { errorCode } from './atomic-file';
import { ChangeJournal, type JournalChange } from './change-journal';
import type { ResolvedLocalSkillStoreOptions } from './local-skill-store-options';
import { type SkillEntry, SkillEntryTable } from './skill-entry-table';
import { type RevisionRecord, SkillHistory } from './skill-history';
import { exists } from './store-helpers';
import { insideRoot, realPathInside, STATE_DIRECTORY } from './store-paths';
import type { WriteBatch } from './write-batch';

/**
 * What the parts of one open store share: its options, the lock, the journal, history, the
 * in-memory entry table, the write batch in progress, and the queue that keeps journal reads and
 * table updates in call order.
 */
export class StoreContext {
  readonly directory: string;
  readonly stateDirectory: string;
  readonly options: ResolvedLocalSkillStoreOptions;
  readonly lock: WriteLock;
  readonly journal: ChangeJournal;
  readonly history: SkillHistory;
  readonly entries = new SkillEntryTable();
  /** The root with symlinks resolved; set when the store opens. */
  realRoot = '';
  /** The `putMany` chunk being written, if any. */
  batch: WriteBatch | undefined;
  #serial: Promise<unknown> = Promise.resolve();
  readonly #batches: string;

  constructor(options: ResolvedLocalSkillStoreOptions) {
    this.options = options;
    this.directory = options.directory;
    this.stateDirectory = join(options.directory, STATE_DIRECTORY);
    this.lock = new WriteLock({
      target: this.stateDirectory,
      lockPath: join(this.stateDirectory, 'store.lock'),
      description: `the skill store ${this.stateDirectory}`,
      timeoutMs: options.lockTimeoutMs,
      lingerMs: options.lockLingerMs,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.journal = new ChangeJournal(join(this.stateDirectory, 'journal.log'));
    this.history = new SkillHistory(this.stateDirectory, { sync: () => this.sync() });
    this.#batches = join(this.stateDirectory, 'batches');
  }

  /**
   * Runs `task` holding the store lock, after finishing or dropping a batch that a crashed
   * process left in `.autoskill/batches` (one `stat` when there is none; see `staged-batch`).
   */
  locked<T>(task: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      if (existsSync(this.#batches)) await this.recoverBatches?.();
      return task();
    });
  }

  /** Set by the store: finishes leftover batches and reloads what they wrote. */
  recoverBatches: (() => Promise<void>) | undefined;

  /** Runs journal reads and entry-table updates one at a time, in call order. */
  serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#serial.then(task);
    this.#serial = result.catch(() => undefined);
    return result;
  }

  /** Whether the write in progress fsyncs its files (a batch may relax the store's setting). */
  sync(): boolean {
    return this.batch?.sync ?? this.options.sync;
  }

  /** Journals a change; inside a batch, the line waits for the end of the batch. */
  async recordChange(change: JournalChange): Promise<void> {
    if (this.batch) this.batch.record(change);
    else await this.serialized(() => this.journal.append(change));
  }

  /** True when `path` (relative to the root, POSIX) exists on disk. */
  existsOnDisk(path: string): Promise<boolean> | boolean {
    return this.batch ? this.batch.probes.exists(path) : exists(insideRoot(this.directory, path));
  }

  /** Every recorded revision of a skill (read from history once, then kept with the entry). */
  async records(entry: SkillEntry): Promise<RevisionRecord[]> {
    entry.records ??= await this.history.read(entry.skill.id);
    return entry.records;
  }

  /** The bytes of a resource, or undefined when it is gone or leads out of the store. */
  async readResource(folder: string, path: string): Promise<Uint8Array | undefined> {
    const file = insideRoot(folder, path);
    if (!realPathInside(this.realRoot, file)) return undefined;
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      throw error;
    }
  }

  warn(message: string): void {
    this.options.logger?.warn(message);
  }
}
