import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InvalidArgumentError,
  UnsupportedError,
  type VectorIndexMatch,
  type VectorIndexOpenState,
  type VectorIndexQueryOptions,
  type VectorRecord,
} from '@autoskill/core';
import { WriteLock } from '@autoskill/file-lock';
import { isLittleEndianHost } from './binary';
import type { FlatVectorIndex } from './flat-vector-index';
import {
  type FlatVectorIndexOptions,
  type ResolvedFlatVectorIndexOptions,
  resolveFlatVectorIndexOptions,
} from './flat-vector-index-options';
import { IndexFiles } from './index-files';
import type { LogOperation } from './log-file';
import {
  assertAlsoScore,
  assertId,
  assertStorableText,
  assertTopK,
  MAX_HASH_BYTES,
  MAX_ID_BYTES,
  toUnitVector,
} from './validate-input';

/**
 * Opens (or creates) a crash-safe on-disk flat vector index: a checksummed snapshot plus an
 * append-only log of CRC-framed batches. A crash at any moment leaves the previous or the new
 * state. Corrupt, missing or mismatched files never throw: the index opens empty and says why in
 * `openState`/`rebuildReason` and one logger line.
 */
export async function createFlatVectorIndex(
  options: FlatVectorIndexOptions,
): Promise<FlatVectorIndex> {
  const settings = resolveFlatVectorIndexOptions(options);
  if (!isLittleEndianHost())
    throw new UnsupportedError('@autoskill/vectors-flat needs a little-endian CPU');
  await mkdir(settings.directory, { recursive: true });
  const index = new FlatIndex(settings);
  await index.open();
  return index;
}

/**
 * The index API: checks input, runs this instance's operations one at a time, takes the lock for
 * writes and catch-ups, and picks up other processes' writes before reads.
 */
class FlatIndex implements FlatVectorIndex {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly dimensions: number;
  readonly directory: string;
  readonly #files: IndexFiles;
  readonly #lock: WriteLock;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** True until the end of the event-loop turn in which the log was last checked. */
  #checkedThisTurn = false;

  constructor(settings: ResolvedFlatVectorIndexOptions) {
    this.name = settings.name;
    this.dimensions = settings.dimensions;
    this.directory = settings.directory;
    this.#files = new IndexFiles(settings);
    // Taken for writes and catch-ups, never while the index is merely open. Index bursts are long
    // fsync'd batches (re-embedding), so a hold lasts up to 1 s and waiters poll every ≤ 5 ms: the
    // fairness pause then costs about 2 % of a burst (the store's 500 ms / 25 ms cost 12–17 %).
    const target = join(settings.directory, settings.name);
    this.#lock = new WriteLock({
      target,
      description: `the vector index ${target}`,
      timeoutMs: settings.lockTimeoutMs,
      staleMs: settings.lockStaleMs,
      lingerMs: settings.lockLingerMs,
      maxHoldMs: 1_000,
      maxRetryDelayMs: 5,
      // A lock *file* is what versions before proper-lockfile left after a crash.
      replaceLockFile: true,
      logger: settings.logger,
    });
  }

  get openState(): VectorIndexOpenState {
    return this.#files.openState;
  }

  get rebuildReason(): string | undefined {
    return this.#files.rebuildReason;
  }

  async open(): Promise<void> {
    await this.#lock.run(async () => {
      await this.#files.removeLeftoverTemporaryFiles();
      await this.#files.load('open');
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
    if (prepared.length === 0) return this.#serial(async () => this.#assertOpen());
    return this.#write({ type: 'upsert', records: prepared });
  }

  async delete(ids: string[]): Promise<void> {
    assertIds(ids);
    return this.#serial(async () => {
      this.#assertOpen();
      await this.#refresh();
      // Only log ids that exist, so deleting unknown ids costs no write.
      if (!ids.some((id) => this.#files.matrix.has(id))) return;
      await this.#lock.run(async () => {
        await this.#files.catchUp();
        const known = ids.filter((id) => this.#files.matrix.has(id));
        if (known.length > 0) await this.#files.append({ type: 'delete', ids: known });
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
    return this.#read((matrix) => matrix.query(vector, topK, filter, alsoScore));
  }

  async get(id: string): Promise<Float32Array | undefined> {
    assertId(id, 'id');
    return this.#read((matrix) => matrix.get(id));
  }

  async getMany(ids: string[]): Promise<(Float32Array | undefined)[]> {
    assertIds(ids);
    return this.#read((matrix) => ids.map((id) => matrix.get(id)));
  }

  async getHash(id: string): Promise<string | undefined> {
    assertId(id, 'id');
    return this.#read((matrix) => matrix.getHash(id));
  }

  async getHashes(ids: readonly string[]): Promise<(string | undefined)[]> {
    assertIds(ids);
    return this.#read((matrix) => ids.map((id) => matrix.getHash(id)));
  }

  ids(): Promise<string[]> {
    return this.#read((matrix) => matrix.ids.slice());
  }

  count(): Promise<number> {
    return this.#read((matrix) => matrix.count);
  }

  clear(): Promise<void> {
    return this.#locked(() => this.#files.clear());
  }

  compact(): Promise<void> {
    return this.#locked(() => this.#files.compact());
  }

  flush(): Promise<void> {
    return this.#serial(async () => {
      this.#assertOpen();
      await this.#files.datasync();
    });
  }

  close(): Promise<void> {
    return this.#serial(async () => {
      if (this.#closed) return;
      this.#closed = true;
      try {
        await this.#lock.run(async () => {
          await this.#files.catchUp();
          if (this.#files.hasLogRecords) await this.#files.compact();
        });
      } finally {
        await this.#lock.close();
        await this.#files.closeHandle();
      }
    });
  }

  // --- plumbing -------------------------------------------------------------------------------

  /** Runs operations of this instance one at a time, in call order. */
  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => {});
    return result;
  }

  /** In order, under the lock, after catching up with other processes' writes. */
  #locked(operation: () => Promise<void>): Promise<void> {
    return this.#serial(async () => {
      this.#assertOpen();
      await this.#lock.run(async () => {
        await this.#files.catchUp();
        await operation();
      });
    });
  }

  #write(operation: LogOperation): Promise<void> {
    return this.#locked(() => this.#files.append(operation));
  }

  #read<T>(operation: (matrix: IndexFiles['matrix']) => T): Promise<T> {
    return this.#serial(async () => {
      this.#assertOpen();
      await this.#refresh();
      return operation(this.#files.matrix);
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new UnsupportedError(`The vector index ${this.name} is closed`);
  }

  /**
   * Picks up writes made by other processes (one stat when nothing changed), at most once per
   * event-loop turn: one search makes many reads in a row, and nothing another process writes
   * can be ordered inside one turn anyway.
   */
  async #refresh(): Promise<void> {
    if (this.#checkedThisTurn) return;
    if (!this.#files.logUnchanged()) await this.#lock.run(() => this.#files.catchUp());
    if (this.#checkedThisTurn) return;
    this.#checkedThisTurn = true;
    setImmediate(() => {
      this.#checkedThisTurn = false;
    });
  }
}

function assertIds(ids: readonly string[]): void {
  if (!Array.isArray(ids)) throw new InvalidArgumentError('ids', 'expected an array of strings');
  // The label is built only for a bad id (100k template strings cost more than the checks).
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (typeof id !== 'string' || id.length === 0) assertId(id, `ids[${position}]`);
  }
}
