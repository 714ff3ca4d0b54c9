import { statSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { VectorIndexOpenState } from '@autoskill/core';
import type { ResolvedFlatVectorIndexOptions } from './flat-vector-index-options';
import {
  decodeLogHeader,
  decodeLogRecords,
  encodeLogHeader,
  encodeLogRecord,
  LOG_HEADER_BYTES,
  type LogOperation,
} from './log-file';
import { readSnapshot, writeSnapshot } from './snapshot-file';
import { VectorMatrix } from './vector-matrix';

const MINIMUM_COMPACTION_BYTES = 4 * 1024 * 1024;

/** What tells a log file apart from the one last read (same inode, size and mtime = unchanged). */
interface LogIdentity {
  inode: number;
  size: number;
  modified: number;
}

/**
 * The index's files and the vectors they hold: `<name>.vectors` (checksummed snapshot) plus
 * `<name>.log` (CRC-framed batches appended after it). Loads them, replays what other processes
 * appended, appends writes, compacts. Every method except `logUnchanged` runs under the index lock.
 */
export class IndexFiles {
  /** How the files were found when the index opened. */
  openState: VectorIndexOpenState = 'loaded';
  /** Why the index started empty, when `openState` is `rebuilt-*`. */
  rebuildReason: string | undefined;
  #matrix: VectorMatrix;
  readonly #settings: ResolvedFlatVectorIndexOptions;
  readonly #snapshotPath: string;
  readonly #logPath: string;
  #generation = 0;
  #storedSignature = '';
  #snapshotBytes = 0;
  #logHandle: FileHandle | undefined;
  #logOffset = LOG_HEADER_BYTES;
  #logIdentity: LogIdentity | undefined;

  constructor(settings: ResolvedFlatVectorIndexOptions) {
    this.#settings = settings;
    this.#snapshotPath = join(settings.directory, `${settings.name}.vectors`);
    this.#logPath = join(settings.directory, `${settings.name}.log`);
    this.#matrix = new VectorMatrix(settings.dimensions);
  }

  /** The vectors as of the last load, catch-up or write. */
  get matrix(): VectorMatrix {
    return this.#matrix;
  }

  /** True when the log holds writes the snapshot does not. */
  get hasLogRecords(): boolean {
    return this.#logOffset > LOG_HEADER_BYTES;
  }

  /** True when the log is the one last read and has not grown (one `stat`, no lock needed). */
  logUnchanged(): boolean {
    const current = statLog(this.#logPath);
    const known = this.#logIdentity;
    return (
      current !== undefined &&
      known !== undefined &&
      current.inode === known.inode &&
      current.size === known.size &&
      current.modified === known.modified
    );
  }

  /** Replays new log records, or reloads everything when the log was replaced. */
  async catchUp(): Promise<void> {
    const current = statLog(this.#logPath);
    if (
      !current ||
      !this.#logIdentity ||
      current.inode !== this.#logIdentity.inode ||
      current.size < this.#logOffset
    ) {
      await this.load('refresh');
      return;
    }
    if (current.size > this.#logOffset) {
      const handle = this.#logHandle!;
      const length = current.size - this.#logOffset;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, this.#logOffset);
      const decoded = decodeLogRecords(buffer, this.#logOffset, this.#settings.dimensions);
      for (const record of decoded.records) this.#apply(record.operation);
      this.#logOffset = decoded.end;
      if (decoded.stoppedEarly) await this.#truncateTornTail(current.size);
    }
    this.#logIdentity = statLog(this.#logPath);
  }

  /** Appends one batch (atomic: one CRC-framed record) and applies it. */
  async append(operation: LogOperation): Promise<void> {
    const record = encodeLogRecord(operation, this.#settings.dimensions);
    if (record.length > this.#compactionThreshold()) {
      // A huge batch goes straight into a new snapshot: same atomicity, half the bytes.
      this.#apply(operation);
      await this.compact();
      return;
    }
    const handle = this.#logHandle!;
    try {
      await handle.write(record, 0, record.length, this.#logOffset);
      if (this.#settings.syncWrites) await handle.datasync();
    } catch (error) {
      await handle.truncate(this.#logOffset).catch(() => {});
      throw error;
    }
    this.#apply(operation);
    this.#logOffset += record.length;
    this.#logIdentity = statLog(this.#logPath);
    if (this.#logOffset - LOG_HEADER_BYTES > this.#compactionThreshold()) await this.compact();
  }

  /** Drops every vector and writes the empty state. */
  async clear(): Promise<void> {
    this.#matrix = new VectorMatrix(this.#settings.dimensions);
    await this.compact();
  }

  /** New snapshot (generation + 1), then a fresh log tagged with it; a stale log is ignored. */
  async compact(): Promise<void> {
    this.#generation += 1;
    this.#snapshotBytes = await writeSnapshot(this.#snapshotPath, {
      generation: this.#generation,
      signature: this.#storedSignature,
      matrix: this.#matrix,
    });
    await this.#startFreshLog();
  }

  /** Makes every completed append durable. */
  async datasync(): Promise<void> {
    await this.#logHandle?.datasync();
  }

  /** Closes the log file (the files stay as they are). */
  async closeHandle(): Promise<void> {
    await this.#logHandle?.close().catch(() => {});
    this.#logHandle = undefined;
  }

  /** Temp files of a compaction that crashed before its rename (the lock is held: none is live). */
  async removeLeftoverTemporaryFiles(): Promise<void> {
    const { directory, name } = this.#settings;
    const prefixes = [`${name}.vectors.tmp-`, `${name}.log.tmp-`];
    for (const entry of await readdir(directory)) {
      if (prefixes.some((prefix) => entry.startsWith(prefix))) {
        await rm(join(directory, entry), { force: true });
      }
    }
  }

  /** Reads snapshot + log, or starts empty and says why. */
  async load(mode: 'open' | 'refresh'): Promise<void> {
    const { dimensions, signature: wanted } = this.#settings;
    const snapshot = await readSnapshot(this.#snapshotPath);
    const previousGeneration = snapshot.kind === 'ok' ? snapshot.generation : this.#generation;
    if (snapshot.kind === 'missing') {
      const logExists = statLog(this.#logPath) !== undefined;
      if (mode === 'open' && !logExists)
        return this.#startEmpty('created', undefined, previousGeneration);
      return this.#startEmpty(
        'rebuilt-corrupt',
        `the snapshot file ${this.#snapshotPath} is missing`,
        previousGeneration,
      );
    }
    if (snapshot.kind === 'corrupt') {
      return this.#startEmpty('rebuilt-corrupt', snapshot.reason, previousGeneration);
    }
    if (snapshot.matrix.dimensions !== dimensions) {
      return this.#startEmpty(
        'rebuilt-mismatch',
        `it holds ${snapshot.matrix.dimensions}-dimension vectors, ${dimensions} were requested`,
        previousGeneration,
      );
    }
    if (wanted !== undefined && snapshot.signature !== wanted) {
      return this.#startEmpty(
        'rebuilt-mismatch',
        `it was built with embedding ${JSON.stringify(snapshot.signature)}, ${JSON.stringify(wanted)} was requested`,
        previousGeneration,
      );
    }
    this.#matrix = snapshot.matrix;
    this.#generation = snapshot.generation;
    this.#storedSignature = snapshot.signature;
    this.#snapshotBytes = snapshot.fileBytes;
    await this.#replayLog();
  }

  async #replayLog(): Promise<void> {
    const { name, dimensions, logger } = this.#settings;
    let buffer: Buffer | undefined;
    try {
      buffer = await readFile(this.#logPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const header = buffer ? decodeLogHeader(buffer) : undefined;
    if (
      !buffer ||
      !header ||
      header.generation !== this.#generation ||
      header.dimensions !== dimensions
    ) {
      // Missing, or left over from before the last compaction (already in the snapshot).
      if (buffer && !header) {
        logger.warn(
          `Vector index ${name}: ignored ${this.#logPath}, its header is unreadable; writes after the last snapshot were lost and will be re-embedded.`,
        );
      }
      await this.#startFreshLog();
      return;
    }
    await this.#logHandle?.close().catch(() => {});
    this.#logHandle = await open(this.#logPath, 'r+');
    const decoded = decodeLogRecords(
      buffer.subarray(LOG_HEADER_BYTES),
      LOG_HEADER_BYTES,
      dimensions,
    );
    for (const record of decoded.records) this.#apply(record.operation);
    this.#logOffset = decoded.end;
    if (decoded.stoppedEarly) await this.#truncateTornTail(buffer.length);
    this.#logIdentity = statLog(this.#logPath);
  }

  async #startEmpty(
    state: VectorIndexOpenState,
    reason: string | undefined,
    previousGeneration: number,
  ): Promise<void> {
    const { name, directory, dimensions, signature, logger } = this.#settings;
    this.openState = state;
    this.rebuildReason = reason;
    if (reason) {
      logger.warn(
        `Vector index ${name} in ${directory} starts empty because ${reason}; ` +
          'it will be rebuilt by re-embedding the SKILL.md files.',
      );
    }
    this.#matrix = new VectorMatrix(dimensions);
    this.#generation = previousGeneration;
    this.#storedSignature = signature ?? '';
    await this.compact();
  }

  async #startFreshLog(): Promise<void> {
    const temporary = `${this.#logPath}.tmp-${process.pid}`;
    const handle = await open(temporary, 'w+');
    try {
      await handle.write(
        encodeLogHeader({ dimensions: this.#settings.dimensions, generation: this.#generation }),
        0,
      );
      await handle.sync();
      await rename(temporary, this.#logPath);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    await syncDirectory(this.#settings.directory);
    await this.#logHandle?.close().catch(() => {});
    this.#logHandle = handle;
    this.#logOffset = LOG_HEADER_BYTES;
    this.#logIdentity = statLog(this.#logPath);
  }

  async #truncateTornTail(size: number): Promise<void> {
    await this.#logHandle!.truncate(this.#logOffset);
    this.#settings.logger.warn(
      `Vector index ${this.#settings.name}: dropped ${size - this.#logOffset} bytes of an incomplete write at the end of ` +
        `${this.#logPath} (the process was interrupted while writing); the last complete state was kept.`,
    );
  }

  #apply(operation: LogOperation): void {
    if (operation.type === 'upsert') {
      for (const record of operation.records)
        this.#matrix.set(record.id, record.vector, record.hash);
    } else {
      for (const id of operation.ids) this.#matrix.remove(id);
    }
  }

  #compactionThreshold(): number {
    return (
      this.#settings.compactionThresholdBytes ??
      Math.max(MINIMUM_COMPACTION_BYTES, this.#snapshotBytes / 4)
    );
  }
}

function statLog(path: string): LogIdentity | undefined {
  try {
    // Checked before every query: a synchronous stat costs microseconds, an async one a thread-pool round trip.
    const info = statSync(path);
    return { inode: info.ino, size: info.size, modified: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Makes renames durable; a no-op where directories cannot be opened (Windows). */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort.
  } finally {
    await handle?.close().catch(() => {});
  }
}
