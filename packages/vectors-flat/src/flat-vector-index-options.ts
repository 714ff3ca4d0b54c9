import { resolve } from 'node:path';
import { InvalidArgumentError, UnsafePathError } from '@autoskill/core';

/** Where the index reports why it started empty. `info` is optional. */
export interface FlatVectorIndexLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/** Options of `createFlatVectorIndex`. */
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
  /**
   * A lock whose holder stopped refreshing it (a crashed process) is taken over after this long.
   * Default 10 000 ms, as the local skill store's lock; at least 2 000.
   */
  lockStaleMs?: number;
  /** Keep the lock this long after a write so bursts pay for it once. Default 20 ms; 0 = release at once. */
  lockLingerMs?: number;
}

/** The options with their defaults, checked; `directory` is absolute. */
export interface ResolvedFlatVectorIndexOptions {
  directory: string;
  name: string;
  dimensions: number;
  signature: string | undefined;
  logger: FlatVectorIndexLogger;
  syncWrites: boolean;
  compactionThresholdBytes: number | undefined;
  lockTimeoutMs: number;
  lockStaleMs: number;
  lockLingerMs: number;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** The shortest stale time `proper-lockfile` accepts. */
const MINIMUM_LOCK_STALE_MS = 2_000;

/** Checks the options of `createFlatVectorIndex` and fills in the defaults. Never changes `options`. */
export function resolveFlatVectorIndexOptions(
  options: FlatVectorIndexOptions,
): ResolvedFlatVectorIndexOptions {
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
  const lockStaleMs = options.lockStaleMs ?? 10_000;
  if (!Number.isFinite(lockStaleMs) || lockStaleMs < MINIMUM_LOCK_STALE_MS) {
    throw new InvalidArgumentError(
      'lockStaleMs',
      `expected a number of milliseconds ≥ ${MINIMUM_LOCK_STALE_MS}`,
    );
  }
  const lockLingerMs = options.lockLingerMs ?? 20;
  if (!Number.isFinite(lockLingerMs) || lockLingerMs < 0) {
    throw new InvalidArgumentError('lockLingerMs', 'expected a non-negative number');
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
    lockStaleMs,
    lockLingerMs,
  };
}
