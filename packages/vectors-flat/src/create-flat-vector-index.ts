import { statSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  InvalidArgumentError,
  UnsafePathError,
  UnsupportedError,
  type VectorIndex,
  type VectorIndexMatch,
  type VectorIndexQueryOptions,
  type VectorRecord,
} from '@autoskill/core';
import { isLittleEndianHost } from './binary';
import { acquireFileLock } from './file-lock';
import {
  decodeLogHeader,
  decodeLogRecords,
  encodeLogHeader,
  encodeLogRecord,
  LOG_HEADER_BYTES,
  type LogOperation,
} from './log-file';
import { readSnapshot, writeSnapshot } from './snapshot-file';
import {
  assertAlsoScore,
  assertId,
  assertStorableText,
  assertTopK,
  MAX_HASH_BYTES,
  MAX_ID_BYTES,
  toUnitVector,
} from './validate-input';
import { VectorMatrix } from './vector-matrix';

/** Where the index reports why it started empty. `info` is optional. */
export interface FlatVectorIndexLogger {
  warn(message: string): void;
  info?(message: string): void;
}

export interface FlatVectorIndexOptions {
  /** Folder holding `<name>.vectors`, `<name>.log` and (briefly) `<name>.lock`. Created if missing. */
  directory: string;
  /** File name stem, e.g. an embedding signature key `hashing-default-d256-1a2b3c4d`. */
  name: string;
  /** Length of every vector. */
  dimensions: number;
  /** Embedding model identity stored in the snapshot; a different one reopens the index empty. */
  signature?: string;
  /** Default: `console.warn`. */
  logger?: FlatVectorIndexLogger;
  /** fsync the log after every upsert/delete (survives power loss). Default true. */
  syncWrites?: boolean;
  /** Rewrite the snapshot when the log grows past this many bytes. Default max(4 MiB, snapshot/4). */
  compactionThresholdBytes?: number;
  /** How long a write waits for another process holding the index lock. Default 10 000 ms. */
  lockTimeoutMs?: number;
}

/**
 * How the index was opened. `rebuilt-*` and `created` mean it started empty: the caller should
 * re-embed skills (compare `getHash(id)` with the skill text hash to find what is missing).
 */
export type FlatVectorIndexOpenState =
  | 'loaded'
  | 'created'
  | 'rebuilt-corrupt'
  | 'rebuilt-mismatch';

export interface FlatVectorIndex extends VectorIndex {
  readonly directory: string;
  readonly openState: FlatVectorIndexOpenState;
  /** Why the index started empty, when `openState` is `rebuilt-*`. */
  readonly rebuildReason: string | undefined;
  /** Rewrites the snapshot and starts an empty log. */
  compact(): Promise<void>;
  /** Makes every completed write durable (fsync). */
  flush(): Promise<void>;
  /** Compacts if the log holds writes, then releases files. Idempotent. */
  close(): Promise<void>;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const MINIMUM_COMPACTION_BYTES = 4 * 1024 * 1024;

/**
 * Opens (or creates) a crash-safe on-disk flat vector index: a checksummed snapshot plus an
 * append-only log of CRC-framed batches. A crash at any moment leaves the previous or the new
 * state. Corrupt, missing or mismatched files never throw: the index opens empty and says why in
 * `openState`/`rebuildReason` and one logger line.
 */
export async function createFlatVectorIndex(
  options: FlatVectorIndexOptions,
): Promise<FlatVectorIndex> {
  const settings = validateOptions(options);
  if (!isLittleEndianHost())
    throw new UnsupportedError('@autoskill/vectors-flat needs a little-endian CPU');
  await mkdir(settings.directory, { recursive: true });
  const index = new FlatIndex(settings);
  await index.open();
  return index;
}

type Settings = Required<Omit<FlatVectorIndexOptions, 'signature' | 'compactionThresholdBytes'>> & {
  signature: string | undefined;
  compactionThresholdBytes: number | undefined;
};

interface LogIdentity {
  inode: number;
  size: number;
  modified: number;
}

class FlatIndex implements FlatVectorIndex {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly dimensions: number;
  readonly directory: string;
  openState: FlatVectorIndexOpenState = 'loaded';
  rebuildReason: string | undefined;

  private readonly settings: Settings;
  private readonly snapshotPath: string;
  private readonly logPath: string;
  private readonly lockPath: string;
  private matrix: VectorMatrix;
  private generation = 0;
  private storedSignature = '';
  private snapshotBytes = 0;
  private logHandle: FileHandle | undefined;
  private logOffset = LOG_HEADER_BYTES;
  private logIdentity: LogIdentity | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(settings: Settings) {
    this.settings = settings;
    this.name = settings.name;
    this.dimensions = settings.dimensions;
    this.directory = settings.directory;
    this.snapshotPath = join(settings.directory, `${settings.name}.vectors`);
    this.logPath = join(settings.directory, `${settings.name}.log`);
    this.lockPath = join(settings.directory, `${settings.name}.lock`);
    this.matrix = new VectorMatrix(settings.dimensions);
  }

  async open(): Promise<void> {
    await this.locked(async () => {
      await this.removeLeftoverTemporaryFiles();
      await this.load('open');
    });
  }

  async upsert(records: VectorRecord[]): Promise<void> {
    if (!Array.isArray(records)) throw new InvalidArgumentError('records', 'expected an array');
    // Validate the whole batch first so a bad record changes nothing.
    const prepared = records.map((record, position) => {
      const argument = `records[${position}]`;
      if (typeof record !== 'object' || record === null) {
        throw new InvalidArgumentError(argument, 'expected { id, vector, hash? }');
      }
      assertId(record.id, `${argument}.id`);
      assertStorableText(record.id, `${argument}.id`, MAX_ID_BYTES);
      if (record.hash !== undefined) {
        if (typeof record.hash !== 'string') {
          throw new InvalidArgumentError(`${argument}.hash`, 'expected a string or undefined');
        }
        assertStorableText(record.hash, `${argument}.hash`, MAX_HASH_BYTES);
      }
      const vector = toUnitVector(record.vector, this.dimensions, `${argument}.vector`);
      return { id: record.id, vector, hash: record.hash };
    });
    if (prepared.length === 0) return this.serial(async () => this.assertOpen());
    return this.write({ type: 'upsert', records: prepared });
  }

  async delete(ids: string[]): Promise<void> {
    if (!Array.isArray(ids)) throw new InvalidArgumentError('ids', 'expected an array of strings');
    ids.forEach((id, position) => {
      assertId(id, `ids[${position}]`);
    });
    return this.serial(async () => {
      this.assertOpen();
      await this.refresh();
      // Only log ids that exist, so deleting unknown ids costs no write.
      if (!ids.some((id) => this.matrix.has(id))) return;
      await this.locked(async () => {
        await this.catchUp();
        const known = ids.filter((id) => this.matrix.has(id));
        if (known.length > 0) await this.append({ type: 'delete', ids: known });
      });
    });
  }

  async query(options: VectorIndexQueryOptions): Promise<VectorIndexMatch[]> {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError('query', 'expected { vector, topK, filter?, alsoScore? }');
    }
    const topK = assertTopK(options.topK);
    const filter = options.filter;
    if (filter !== undefined && typeof filter !== 'function') {
      throw new InvalidArgumentError('filter', 'expected a function (id) => boolean');
    }
    const alsoScore = assertAlsoScore(options.alsoScore);
    const vector = toUnitVector(options.vector, this.dimensions, 'query.vector');
    return this.read(() => this.matrix.query(vector, topK, filter, alsoScore));
  }

  async get(id: string): Promise<Float32Array | undefined> {
    assertId(id, 'id');
    return this.read(() => this.matrix.get(id));
  }

  async getMany(ids: string[]): Promise<(Float32Array | undefined)[]> {
    if (!Array.isArray(ids)) throw new InvalidArgumentError('ids', 'expected an array of strings');
    ids.forEach((id, position) => {
      assertId(id, `ids[${position}]`);
    });
    return this.read(() => ids.map((id) => this.matrix.get(id)));
  }

  async getHash(id: string): Promise<string | undefined> {
    assertId(id, 'id');
    return this.read(() => this.matrix.getHash(id));
  }

  ids(): Promise<string[]> {
    return this.read(() => this.matrix.ids.slice());
  }

  count(): Promise<number> {
    return this.read(() => this.matrix.count);
  }

  clear(): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      await this.locked(async () => {
        await this.catchUp();
        this.matrix = new VectorMatrix(this.dimensions);
        await this.compactLocked();
      });
    });
  }

  compact(): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      await this.locked(async () => {
        await this.catchUp();
        await this.compactLocked();
      });
    });
  }

  flush(): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      await this.logHandle?.datasync();
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      if (this.closed) return;
      this.closed = true;
      try {
        await this.locked(async () => {
          await this.catchUp();
          if (this.logOffset > LOG_HEADER_BYTES) await this.compactLocked();
        });
      } finally {
        await this.logHandle?.close().catch(() => {});
        this.logHandle = undefined;
      }
    });
  }

  // --- plumbing -------------------------------------------------------------------------------

  /** Runs operations of this instance one at a time, in call order. */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => {});
    return result;
  }

  private async locked<T>(operation: () => Promise<T>): Promise<T> {
    const release = await acquireFileLock(this.lockPath, {
      timeoutMs: this.settings.lockTimeoutMs,
      staleMs: 60_000,
    });
    try {
      return await operation();
    } finally {
      await release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new UnsupportedError(`The vector index ${this.name} is closed`);
  }

  private read<T>(operation: () => T): Promise<T> {
    return this.serial(async () => {
      this.assertOpen();
      await this.refresh();
      return operation();
    });
  }

  private write(operation: LogOperation): Promise<void> {
    return this.serial(async () => {
      this.assertOpen();
      await this.locked(async () => {
        await this.catchUp();
        await this.append(operation);
      });
    });
  }

  /** True until the end of the event-loop turn in which the log was last checked. */
  private checkedThisTurn = false;

  /**
   * Picks up writes made by other processes (one stat when nothing changed), at most once per
   * event-loop turn: one search makes many reads in a row, and nothing another process writes
   * can be ordered inside one turn anyway.
   */
  private async refresh(): Promise<void> {
    if (this.checkedThisTurn) return;
    await this.refreshNow();
    if (this.checkedThisTurn) return;
    this.checkedThisTurn = true;
    setImmediate(() => {
      this.checkedThisTurn = false;
    });
  }

  private async refreshNow(): Promise<void> {
    const current = await statLog(this.logPath);
    const known = this.logIdentity;
    if (
      current &&
      known &&
      current.inode === known.inode &&
      current.size === known.size &&
      current.modified === known.modified
    ) {
      return;
    }
    await this.locked(() => this.catchUp());
  }

  /** Under the lock: replay new log records, or reload when the log was replaced. */
  private async catchUp(): Promise<void> {
    const current = await statLog(this.logPath);
    if (
      !current ||
      !this.logIdentity ||
      current.inode !== this.logIdentity.inode ||
      current.size < this.logOffset
    ) {
      await this.load('refresh');
      return;
    }
    if (current.size > this.logOffset) {
      const handle = this.logHandle!;
      const length = current.size - this.logOffset;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, this.logOffset);
      const decoded = decodeLogRecords(buffer, this.logOffset, this.dimensions);
      for (const record of decoded.records) this.apply(record.operation);
      this.logOffset = decoded.end;
      if (decoded.stoppedEarly) await this.truncateTornTail(current.size);
    }
    this.logIdentity = await statLog(this.logPath);
  }

  private async append(operation: LogOperation): Promise<void> {
    const record = encodeLogRecord(operation, this.dimensions);
    if (record.length > this.compactionThreshold()) {
      // A huge batch goes straight into a new snapshot: same atomicity, half the bytes.
      this.apply(operation);
      await this.compactLocked();
      return;
    }
    const handle = this.logHandle!;
    try {
      await handle.write(record, 0, record.length, this.logOffset);
      if (this.settings.syncWrites) await handle.datasync();
    } catch (error) {
      await handle.truncate(this.logOffset).catch(() => {});
      throw error;
    }
    this.apply(operation);
    this.logOffset += record.length;
    this.logIdentity = await statLog(this.logPath);
    if (this.logOffset - LOG_HEADER_BYTES > this.compactionThreshold()) await this.compactLocked();
  }

  private apply(operation: LogOperation): void {
    if (operation.type === 'upsert') {
      for (const record of operation.records)
        this.matrix.set(record.id, record.vector, record.hash);
    } else {
      for (const id of operation.ids) this.matrix.remove(id);
    }
  }

  private compactionThreshold(): number {
    return (
      this.settings.compactionThresholdBytes ??
      Math.max(MINIMUM_COMPACTION_BYTES, this.snapshotBytes / 4)
    );
  }

  /** New snapshot (generation + 1), then a fresh log tagged with it; a stale log is ignored. */
  private async compactLocked(): Promise<void> {
    this.generation += 1;
    this.snapshotBytes = await writeSnapshot(this.snapshotPath, {
      generation: this.generation,
      signature: this.storedSignature,
      matrix: this.matrix,
    });
    await this.startFreshLog();
  }

  private async startFreshLog(): Promise<void> {
    const temporary = `${this.logPath}.tmp-${process.pid}`;
    const handle = await open(temporary, 'w+');
    try {
      await handle.write(
        encodeLogHeader({ dimensions: this.dimensions, generation: this.generation }),
        0,
      );
      await handle.sync();
      await rename(temporary, this.logPath);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    await syncDirectory(this.directory);
    await this.logHandle?.close().catch(() => {});
    this.logHandle = handle;
    this.logOffset = LOG_HEADER_BYTES;
    this.logIdentity = await statLog(this.logPath);
  }

  private async truncateTornTail(size: number): Promise<void> {
    await this.logHandle!.truncate(this.logOffset);
    this.settings.logger.warn(
      `Vector index ${this.name}: dropped ${size - this.logOffset} bytes of an incomplete write at the end of ` +
        `${this.logPath} (the process was interrupted while writing); the last complete state was kept.`,
    );
  }

  /** Temp files of a compaction that crashed before its rename (we hold the lock: none is live). */
  private async removeLeftoverTemporaryFiles(): Promise<void> {
    const prefixes = [`${this.name}.vectors.tmp-`, `${this.name}.log.tmp-`];
    const entries = await readdir(this.directory);
    for (const entry of entries) {
      if (prefixes.some((prefix) => entry.startsWith(prefix))) {
        await rm(join(this.directory, entry), { force: true });
      }
    }
  }

  /** Under the lock: read snapshot + log, or start empty and say why. */
  private async load(mode: 'open' | 'refresh'): Promise<void> {
    const snapshot = await readSnapshot(this.snapshotPath);
    const previousGeneration = snapshot.kind === 'ok' ? snapshot.generation : this.generation;
    if (snapshot.kind === 'missing') {
      const logExists = (await statLog(this.logPath)) !== undefined;
      if (mode === 'open' && !logExists)
        return this.startEmpty('created', undefined, previousGeneration);
      return this.startEmpty(
        'rebuilt-corrupt',
        `the snapshot file ${this.snapshotPath} is missing`,
        previousGeneration,
      );
    }
    if (snapshot.kind === 'corrupt') {
      return this.startEmpty('rebuilt-corrupt', snapshot.reason, previousGeneration);
    }
    if (snapshot.matrix.dimensions !== this.dimensions) {
      return this.startEmpty(
        'rebuilt-mismatch',
        `it holds ${snapshot.matrix.dimensions}-dimension vectors, ${this.dimensions} were requested`,
        previousGeneration,
      );
    }
    const wanted = this.settings.signature;
    if (wanted !== undefined && snapshot.signature !== wanted) {
      return this.startEmpty(
        'rebuilt-mismatch',
        `it was built with embedding ${JSON.stringify(snapshot.signature)}, ${JSON.stringify(wanted)} was requested`,
        previousGeneration,
      );
    }
    this.matrix = snapshot.matrix;
    this.generation = snapshot.generation;
    this.storedSignature = snapshot.signature;
    this.snapshotBytes = snapshot.fileBytes;
    await this.replayLog();
  }

  private async replayLog(): Promise<void> {
    let buffer: Buffer | undefined;
    try {
      buffer = await readFile(this.logPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const header = buffer ? decodeLogHeader(buffer) : undefined;
    if (
      !buffer ||
      !header ||
      header.generation !== this.generation ||
      header.dimensions !== this.dimensions
    ) {
      // Missing, or left over from before the last compaction (already in the snapshot).
      if (buffer && !header) {
        this.settings.logger.warn(
          `Vector index ${this.name}: ignored ${this.logPath}, its header is unreadable; writes after the last snapshot were lost and will be re-embedded.`,
        );
      }
      await this.startFreshLog();
      return;
    }
    await this.logHandle?.close().catch(() => {});
    this.logHandle = await open(this.logPath, 'r+');
    const decoded = decodeLogRecords(
      buffer.subarray(LOG_HEADER_BYTES),
      LOG_HEADER_BYTES,
      this.dimensions,
    );
    for (const record of decoded.records) this.apply(record.operation);
    this.logOffset = decoded.end;
    if (decoded.stoppedEarly) await this.truncateTornTail(buffer.length);
    this.logIdentity = await statLog(this.logPath);
  }

  private async startEmpty(
    state: FlatVectorIndexOpenState,
    reason: string | undefined,
    previousGeneration: number,
  ): Promise<void> {
    this.openState = state;
    this.rebuildReason = reason;
    if (reason) {
      this.settings.logger.warn(
        `Vector index ${this.name} in ${this.directory} starts empty because ${reason}; ` +
          'it will be rebuilt by re-embedding the SKILL.md files.',
      );
    }
    this.matrix = new VectorMatrix(this.dimensions);
    this.generation = previousGeneration;
    this.storedSignature = this.settings.signature ?? '';
    await this.compactLocked();
  }
}

function validateOptions(options: FlatVectorIndexOptions): Settings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'expected { directory, name, dimensions }');
  }
  const { directory, name, dimensions } = options;
  if (typeof directory !== 'string' || directory.length === 0) {
    throw new InvalidArgumentError('directory', 'expected a non-empty path');
  }
  if (typeof name !== 'string') throw new InvalidArgumentError('name', 'expected a string');
  if (!NAME_PATTERN.test(name) || name.includes('..')) {
    throw new UnsafePathError(
      'vector index name',
      name,
      'use 1-200 letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 65_536) {
    throw new InvalidArgumentError(
      'dimensions',
      `expected an integer from 1 to 65536, got ${String(dimensions)}`,
    );
  }
  if (options.signature !== undefined && typeof options.signature !== 'string') {
    throw new InvalidArgumentError('signature', 'expected a string');
  }
  const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
  if (typeof logger.warn !== 'function')
    throw new InvalidArgumentError('logger', 'expected { warn(message) }');
  const threshold = options.compactionThresholdBytes;
  if (threshold !== undefined && (!Number.isFinite(threshold) || threshold < 0)) {
    throw new InvalidArgumentError('compactionThresholdBytes', 'expected a non-negative number');
  }
  const lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  if (!Number.isFinite(lockTimeoutMs) || lockTimeoutMs < 0) {
    throw new InvalidArgumentError('lockTimeoutMs', 'expected a non-negative number');
  }
  return {
    directory: resolve(directory),
    name,
    dimensions,
    signature: options.signature,
    logger,
    syncWrites: options.syncWrites ?? true,
    compactionThresholdBytes: threshold,
    lockTimeoutMs,
  };
}

async function statLog(path: string): Promise<LogIdentity | undefined> {
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
