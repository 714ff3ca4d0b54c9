import { resolve } from 'node:path';
import { InvalidArgumentError, UnsafePathError } from '@autoskill/core';
import { nonNegativeInteger, positiveInteger } from './store-helpers';

/** Logger shape the store uses (console fits). */
export interface StoreLogger {
  warn(message: string): void;
}

/** Options of `createLocalSkillStore`. */
export interface LocalSkillStoreOptions {
  /** Store root (`Users/`, `Common/`, `vectors/`, `.autoskill/`). Created when missing. */
  directory: string;
  /** Receives one warning line per skipped SKILL.md and lock problems. Default: silent. */
  logger?: StoreLogger;
  /** How long a write waits for another process's lock before `LockTimeoutError`. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /** Largest resource file in bytes. Default 1 MB. */
  maxFileBytes?: number;
  /** Most resource files per skill. Default 200. */
  maxFiles?: number;
  /** How deep the walk looks for SKILL.md below an owner folder. Default 6. */
  maxDepth?: number;
  /** fsync every written file before its rename. Default true; false only for throwaway stores. */
  sync?: boolean;
  /** Keep the write lock this long after a write so bursts pay for it once. Default 20 ms; 0 = release at once. */
  lockLingerMs?: number;
  /**
   * A catalog of at least this many skills is trusted at open: no SKILL.md or folder is touched
   * before `createLocalSkillStore` returns; they are checked in the background right after (see
   * `validated()`). Default 2000; 0 = always; `Infinity` = never (check everything first).
   */
  trustCatalogFrom?: number;
}

/** The options with their defaults, checked; `directory` is absolute. */
export interface ResolvedLocalSkillStoreOptions {
  directory: string;
  logger: StoreLogger | undefined;
  lockTimeoutMs: number;
  maxFileBytes: number;
  maxFiles: number;
  maxDepth: number;
  sync: boolean;
  lockLingerMs: number;
  trustCatalogFrom: number;
}

/** Checks the options of `createLocalSkillStore` and fills in the defaults. Never changes `options`. */
export function resolveLocalSkillStoreOptions(
  options: LocalSkillStoreOptions,
): ResolvedLocalSkillStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'must be an object like { directory: "./Skills" }');
  }
  if (typeof options.directory !== 'string' || options.directory.trim() === '') {
    throw new InvalidArgumentError('directory', 'must be a non-empty path, e.g. "./Skills"');
  }
  if (options.directory.includes('\0'))
    throw new UnsafePathError('directory', options.directory, 'contains a NUL byte');
  return {
    directory: resolve(options.directory),
    logger: options.logger,
    lockTimeoutMs: positiveInteger(options.lockTimeoutMs, 10_000, 'lockTimeoutMs'),
    maxFileBytes: positiveInteger(options.maxFileBytes, 1_000_000, 'maxFileBytes'),
    maxFiles: positiveInteger(options.maxFiles, 200, 'maxFiles'),
    maxDepth: positiveInteger(options.maxDepth, 6, 'maxDepth'),
    sync: options.sync !== false,
    lockLingerMs: nonNegativeInteger(options.lockLingerMs, 20, 'lockLingerMs'),
    trustCatalogFrom:
      options.trustCatalogFrom === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : nonNegativeInteger(options.trustCatalogFrom, 2000, 'trustCatalogFrom'),
  };
}
