import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import {
  assertSkillName,
  InvalidArgumentError,
  MAX_SKILL_MD_BYTES,
  parseSkillMarkdown,
  renderSkillMarkdown,
  type Skill,
  type SkillDocument,
  type SkillFile,
  SkillParseError,
  type SkillPutInput,
  type SkillRevision,
  type SkillStore,
  type SkillStoreListOptions,
  type SkillStorePutOptions,
  UnsafePathError,
} from '@autoskill/core';
import {
  assertNoFileFolderClash,
  checkExpectedRevision,
  compareSkills,
  highestVersion,
  isSafeSkillId,
  prepareDocument,
  type ResourceFile,
  skillListFilter,
  uniqueSkillName,
  validateFiles,
  validatePlace,
  validateSkillId,
} from '@autoskill/core/store-kit';
import { errorCode, writeFileAtomic } from './atomic-file';
import { BatchProbes } from './batch-probes';
import { ChangeJournal } from './change-journal';
import { insertSkillId } from './insert-skill-id';
import {
  type FoundSkillFolder,
  listResourceFiles,
  type StoreLoadError,
  scanSkillFolders,
} from './scan-skill-folders';
import { type RevisionRecord, removeDirectory, SkillHistory, sha256 } from './skill-history';
import { type CatalogEntry, readCatalog, writeCatalog } from './store-catalog';
import {
  exists,
  mapLimit,
  nonNegativeInteger,
  positiveInteger,
  requireString,
  sameKeys,
} from './store-helpers';
import { StoreLock, type StoreLogger } from './store-lock';
import {
  COMMON_DIRECTORY,
  COMMON_OWNER,
  insideRoot,
  realPathInside,
  STATE_DIRECTORY,
  USERS_DIRECTORY,
} from './store-paths';
import { type SkillFolderPlan, writeSkillFolder } from './write-skill-folder';

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
  maxDepth?: number /** fsync every written file before its rename. Default true; false only for throwaway stores. */;
  sync?: boolean;
  /** Keep the write lock this long after a write so bursts pay for it once. Default 20 ms; 0 = release at once. */
  lockLingerMs?: number;
}

/** Counters for status pages and benchmarks. */
export interface LocalSkillStoreStats {
  skills: number;
  userSkills: number;
  commonSkills: number;
  users: number;
  libraries: number;
  loadErrors: number;
  /** Skills whose current SKILL.md is not yet in history (found on disk or edited by hand). */
  unrecordedSkills: number;
  /** Duration of the last full scan (open or `rescan()`). */
  lastScanMs: number;
  /** SKILL.md files the last scan had to parse (the others came from the catalog). */
  lastScanParsed: number;
}

/** The directory-based SkillStore plus file-system extras. */
export interface LocalSkillStore extends SkillStore {
  /** Absolute path of the store root. */
  readonly directory: string;
  /** SKILL.md files skipped by the last scan (broken, duplicate id, unsafe folder name). */
  readonly loadErrors: readonly StoreLoadError[];
  /** Ids written into SKILL.md files that had none, by the last open or `rescan()`. */
  readonly assignedIds: readonly { id: string; path: string }[];
  /** Reads what other processes wrote (journal). One `stat` when nothing changed. Returns changed ids. */
  refresh(): Promise<string[]>;
  /** Walks the whole tree again (picks up hand-edited SKILL.md files). Returns changed ids. */
  rescan(): Promise<string[]>;
  /**
   * Puts many skills under one lock hold, up to `concurrency` (default 8) at once — the fast path
   * for imports. Items with the same id run in order; each item succeeds or fails on its own.
   */
  putMany(
    items: { input: SkillPutInput; options?: SkillStorePutOptions }[],
    /** `sync: false` skips the per-file fsync (bulk imports: a kill -9 still leaves every file whole; a power loss may lose the batch). */
    options?: { concurrency?: number; sync?: boolean },
  ): Promise<({ skill: Skill } | { error: Error })[]>;
  /** Absolute folder of a skill (for export), or undefined. */
  skillDirectory(id: string): string | undefined;
  stats(): LocalSkillStoreStats;
  close(): Promise<void>;
}

interface Entry {
  skill: Skill;
  /** Relative to the root, POSIX. */
  folder: string;
  markdownHash: string;
  /** Last recorded revision (number, SKILL.md hash, resource paths). */
  head: CatalogEntry['head'];
  /** All recorded revisions, loaded on first use. */
  records?: RevisionRecord[];
  /** The SKILL.md on disk is not the last recorded revision: it counts as one more revision. */
  pending: boolean;
  /** SKILL.md size, mtime and inode when loaded (catalog validity); unknown after a write. */
  file?: { size: number; mtimeMs: number; inode: number };
}

/**
 * Opens (or creates) a skill store in a directory:
 * `Users/<user>/<skill-name>/SKILL.md`, `Common/<skill-name>/SKILL.md`,
 * `Common/<library>/<skill-name>/SKILL.md`, history and journal under `.autoskill/`.
 * Safe for several processes on one directory (file lock + change journal).
 *
 * @example
 * const store = await createLocalSkillStore({ directory: './Skills' });
 * const skill = await store.put({ ...document, scope: 'user', owner: 'alice' });
 */
export async function createLocalSkillStore(
  options: LocalSkillStoreOptions,
): Promise<LocalSkillStore> {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'must be an object like { directory: "./Skills" }');
  }
  if (typeof options.directory !== 'string' || options.directory.trim() === '') {
    throw new InvalidArgumentError('directory', 'must be a non-empty path, e.g. "./Skills"');
  }
  if (options.directory.includes('\0'))
    throw new UnsafePathError('directory', options.directory, 'contains a NUL byte');
  const store = new LocalStore({
    directory: resolve(options.directory),
    logger: options.logger,
    lockTimeoutMs: positiveInteger(options.lockTimeoutMs, 10_000, 'lockTimeoutMs'),
    maxFileBytes: positiveInteger(options.maxFileBytes, 1_000_000, 'maxFileBytes'),
    maxFiles: positiveInteger(options.maxFiles, 200, 'maxFiles'),
    maxDepth: positiveInteger(options.maxDepth, 6, 'maxDepth'),
    sync: options.sync !== false,
    lockLingerMs: nonNegativeInteger(options.lockLingerMs, 20, 'lockLingerMs'),
  });
  await store.open();
  return store;
}

/** Skills written per lock hold by `putMany`. */
const PUT_MANY_CHUNK = 64;

interface ResolvedOptions {
  directory: string;
  logger: StoreLogger | undefined;
  lockTimeoutMs: number;
  maxFileBytes: number;
  maxFiles: number;
  maxDepth: number;
  sync: boolean;
  lockLingerMs: number;
}

class LocalStore implements LocalSkillStore {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'local';
  readonly directory: string;
  readonly #options: ResolvedOptions;
  readonly #state: string;
  readonly #lock: StoreLock;
  readonly #journal: ChangeJournal;
  readonly #history: SkillHistory;
  #realRoot = '';
  #entries = new Map<string, Entry>();
  /** folder → id and scope/owner/name → id, so name checks do not scan every skill. */
  #byFolder = new Map<string, string>();
  #byName = new Map<string, string>();
  #catalogDirty = false;
  /** Folders and names chosen by puts still in flight. */
  #reserved = new Set<string>();
  #loadErrors: StoreLoadError[] = [];
  #serial: Promise<unknown> = Promise.resolve();
  #lastScanMs = 0;
  #lastScanParsed = 0;
  #assignedIds: { id: string; path: string }[] = [];
  #closed = false;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.directory = options.directory;
    this.#state = join(options.directory, STATE_DIRECTORY);
    this.#lock = new StoreLock(this.#state, {
      timeoutMs: options.lockTimeoutMs,
      lingerMs: options.lockLingerMs,
      logger: options.logger,
    });
    this.#journal = new ChangeJournal(join(this.#state, 'journal.log'));
    this.#history = new SkillHistory(this.#state, { sync: () => this.#syncNow() });
  }

  get loadErrors(): readonly StoreLoadError[] {
    return [...this.#loadErrors];
  }

  get assignedIds(): readonly { id: string; path: string }[] {
    return [...this.#assignedIds];
  }

  async open(): Promise<void> {
    await mkdir(this.#state, { recursive: true });
    this.#realRoot = await realpath(this.directory);
    await this.#serialized(() => this.#journal.skipToEnd());
    const missingIds = await this.#loadAll(await readCatalog(this.#catalogPath()));
    if (missingIds.length > 0) await this.#lock.run(() => this.#assignMissingIds(missingIds));
    if (this.#catalogDirty) await this.#saveCatalog();
  }

  // ---- reads ---------------------------------------------------------------------------------

  async get(id: string): Promise<Skill | undefined> {
    requireString(id, 'skill id');
    this.#assertOpen();
    await this.#refreshForRead();
    const entry = this.#entries.get(id);
    return entry ? cloneSkill(entry.skill) : undefined;
  }

  async list(options: SkillStoreListOptions = {}): Promise<Skill[]> {
    const matches = skillListFilter(options);
    this.#assertOpen();
    await this.#refreshForRead();
    return [...this.#entries.values()]
      .map((entry) => entry.skill)
      .filter(matches)
      .sort(compareSkills)
      .map(cloneSkill);
  }

  async history(id: string): Promise<SkillRevision[]> {
    requireString(id, 'skill id');
    this.#assertOpen();
    await this.#refreshForRead();
    const entry = this.#entries.get(id);
    if (!entry) return [];
    const revisions = (await this.#records(entry)).map(publicRevision);
    if (entry.pending)
      revisions.push(publicRevision((await this.#pendingRecord(entry, false)).record));
    return revisions;
  }

  async getRevision(id: string, revision: number): Promise<Skill | undefined> {
    requireString(id, 'skill id');
    if (!Number.isInteger(revision) || revision < 1) {
      throw new InvalidArgumentError('revision', 'must be an integer ≥ 1');
    }
    this.#assertOpen();
    await this.#refreshForRead();
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.pending && revision === entry.skill.revision) return cloneSkill(entry.skill);
    const record = (await this.#records(entry)).find((item) => item.revision === revision);
    const text = record ? await this.#history.readText(id, revision) : undefined;
    if (!record || text === undefined) return undefined;
    const document = parseSkillMarkdown(text, { path: `history of ${id}, revision ${revision}` });
    return {
      ...document,
      scope: record.scope,
      owner: record.owner,
      files: Object.keys(record.files).sort(),
      revision,
    };
  }

  async readFiles(
    id: string,
    options: { revision?: number } = {},
  ): Promise<SkillFile[] | undefined> {
    requireString(id, 'skill id');
    const revision = options?.revision;
    if (revision !== undefined && (!Number.isInteger(revision) || revision < 1)) {
      throw new InvalidArgumentError('revision', 'must be an integer ≥ 1');
    }
    this.#assertOpen();
    await this.#refreshForRead();
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (revision !== undefined && !(entry.pending && revision === entry.skill.revision)) {
      return this.#readRevisionFiles(entry, revision);
    }
    const folder = insideRoot(this.directory, entry.folder);
    const files: SkillFile[] = [
      { path: 'SKILL.md', content: await readFile(join(folder, 'SKILL.md'), 'utf8') },
    ];
    for (const path of entry.skill.files) {
      const content = await this.#readResource(folder, path);
      if (content) files.push({ path, content });
    }
    return files;
  }

  /** SKILL.md and resources of a recorded revision, from history. */
  async #readRevisionFiles(entry: Entry, revision: number): Promise<SkillFile[] | undefined> {
    const id = entry.skill.id;
    const record = (await this.#records(entry)).find((item) => item.revision === revision);
    const text = record ? await this.#history.readText(id, revision) : undefined;
    if (!record || text === undefined) return undefined;
    const files: SkillFile[] = [{ path: 'SKILL.md', content: text }];
    for (const [path, hash] of Object.entries(record.files).sort(([left], [right]) =>
      left < right ? -1 : 1,
    )) {
      files.push({ path, content: new Uint8Array(await this.#history.readBlob(id, hash)) });
    }
    return files;
  }

  skillDirectory(id: string): string | undefined {
    const entry = this.#entries.get(id);
    return entry ? insideRoot(this.directory, entry.folder) : undefined;
  }

  stats(): LocalSkillStoreStats {
    const users = new Set<string>();
    const libraries = new Set<string>();
    let userSkills = 0;
    let unrecorded = 0;
    for (const entry of this.#entries.values()) {
      if (entry.skill.scope === 'user') {
        userSkills++;
        users.add(entry.skill.owner);
      } else libraries.add(entry.skill.owner);
      if (entry.pending) unrecorded++;
    }
    return {
      skills: this.#entries.size,
      userSkills,
      commonSkills: this.#entries.size - userSkills,
      users: users.size,
      libraries: libraries.size,
      loadErrors: this.#loadErrors.length,
      unrecordedSkills: unrecorded,
      lastScanMs: this.#lastScanMs,
      lastScanParsed: this.#lastScanParsed,
    };
  }

  // ---- cross-process visibility --------------------------------------------------------------

  refresh(): Promise<string[]> {
    this.#assertOpen();
    return this.#refreshNow().then(() => {
      // Everything changed since the last call, including what reads in between picked up.
      const ids = [...this.#unreported];
      this.#unreported.clear();
      return ids;
    });
  }

  /** Ids other processes changed that `refresh()` has not reported yet. */
  #unreported = new Set<string>();
  /** True until the end of the event-loop turn in which the journal was last checked. */
  #checkedThisTurn = false;

  /**
   * Reads check the journal at most once per event-loop turn: one search reads the store several
   * times in a row, and nothing another process writes can be ordered inside one turn anyway.
   * Writes always check (`#refreshNow`, under the lock).
   */
  async #refreshForRead(): Promise<void> {
    if (!this.#checkedThisTurn) await this.#refreshNow();
  }

  #markChecked(): void {
    if (this.#checkedThisTurn) return;
    this.#checkedThisTurn = true;
    setImmediate(() => {
      this.#checkedThisTurn = false;
    });
  }

  /** `refresh()` without the open check, for work queued before `close()`. */
  #refreshNow(): Promise<string[]> {
    return this.#serialized(async () => {
      const { entries, reset } = await this.#journal.readNew();
      if (reset) {
        const before = this.#entries;
        await this.#loadAll(this.#catalogFromEntries());
        const changed = changedIds(before, this.#entries);
        for (const id of changed) this.#unreported.add(id);
        this.#markChecked();
        return changed;
      }
      const last = new Map<string, (typeof entries)[number]>();
      for (const entry of entries) last.set(entry.id, entry);
      const changed: string[] = [];
      for (const [id, change] of last) {
        changed.push(id);
        if (change.operation === 'delete' || change.folder === undefined) {
          this.#deleteEntry(id);
          continue;
        }
        const previous = this.#entries.get(id);
        const found: FoundSkillFolder = {
          folder: change.folder,
          ...placeOfFolder(change.folder, previous),
        };
        try {
          const loaded = await this.#readFolder(found);
          if (loaded.skill.id === id) this.#setEntry(loaded);
        } catch (error) {
          // Moved or deleted again by a later write (its own journal line follows) or being rewritten.
          if (errorCode(error) !== 'ENOENT')
            this.#options.logger?.warn(
              `autoskill store: reload of ${change.folder} failed: ${String(error)}`,
            );
        }
      }
      for (const id of changed) this.#unreported.add(id);
      this.#markChecked();
      return changed;
    });
  }

  async rescan(): Promise<string[]> {
    this.#assertOpen();
    return this.#lock.run(async () => {
      const before = this.#entries;
      const missingIds = await this.#serialized(async () => {
        await this.#journal.readNew();
        return this.#loadAll(this.#catalogFromEntries());
      });
      await this.#assignMissingIds(missingIds);
      if (this.#catalogDirty) await this.#saveCatalog();
      return changedIds(before, this.#entries);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#lock.close();
    if (this.#catalogDirty) await this.#saveCatalog();
  }

  // ---- writes --------------------------------------------------------------------------------

  async put(input: SkillPutInput, options: SkillStorePutOptions = {}): Promise<Skill> {
    this.#assertOpen();
    const item = this.#validatePut(input, options);
    return this.#lock.run(() => this.#putLocked(input, item));
  }

  /** Every check of a put that needs no I/O. */
  #validatePut(input: SkillPutInput, options: SkillStorePutOptions) {
    if (typeof options !== 'object' || options === null)
      throw new InvalidArgumentError('put options', 'must be an object');
    const place = validatePlace(input);
    const id = validateSkillId(input.id);
    assertSkillName(input.name);
    const files = validateFiles(options.files, this.#options.maxFileBytes);
    if (options.reason !== undefined && typeof options.reason !== 'string') {
      throw new InvalidArgumentError('reason', 'must be a string such as "edit"');
    }
    if (
      options.restoredFrom !== undefined &&
      (!Number.isInteger(options.restoredFrom) || options.restoredFrom < 1)
    ) {
      throw new InvalidArgumentError('restoredFrom', 'must be a revision number ≥ 1');
    }
    checkExpectedRevision(id, options.expectedRevision, options.expectedRevision ?? 0);
    return { input, ...place, id, files, options };
  }

  /**
   * Puts many skills under one lock hold, writing up to `concurrency` skills at once: the fast
   * path for imports. Items with the same id run in order. Each item succeeds or fails alone.
   */
  /** fsync setting for the write in progress (`putMany({ sync: false })` relaxes it for bulk imports). */
  #syncOverride: boolean | undefined;

  /** Journal lines of the `putMany` chunk in progress, written once at the end of the chunk. */
  #journalBatch: Parameters<ChangeJournal['appendMany']>[0] | undefined;

  /** Existence probes of the `putMany` chunk in progress (off-thread, each path once). */
  #batchProbes: BatchProbes | undefined;
  /** Parent folders created and checked during the `putMany` chunk in progress. */
  #batchParents: Set<string> | undefined;

  /** True when `path` (relative to the root) exists on disk. */
  #existsOnDisk(path: string): Promise<boolean> | boolean {
    return this.#batchProbes
      ? this.#batchProbes.exists(path)
      : exists(insideRoot(this.directory, path));
  }

  #syncNow(): boolean {
    return this.#syncOverride ?? this.#options.sync;
  }

  async putMany(
    items: { input: SkillPutInput; options?: SkillStorePutOptions }[],
    options: { concurrency?: number; sync?: boolean } = {},
  ): Promise<({ skill: Skill } | { error: Error })[]> {
    this.#assertOpen();
    if (!Array.isArray(items))
      throw new InvalidArgumentError('items', 'must be an array of { input, options }');
    const concurrency = positiveInteger(options.concurrency, 8, 'concurrency');
    const prepared = items.map((item) => {
      try {
        return { item: this.#validatePut(item?.input, item?.options ?? {}) };
      } catch (error) {
        return { error: error as Error };
      }
    });
    const results: ({ skill: Skill } | { error: Error })[] = new Array(items.length);
    const chains = new Map<string, number[]>();
    prepared.forEach((entry, index) => {
      if ('error' in entry && entry.error) results[index] = { error: entry.error };
      else if (entry.item) {
        const chain = chains.get(entry.item.id);
        if (chain) chain.push(index);
        else chains.set(entry.item.id, [index]);
      }
    });
    // Chunks, each under its own lock hold, so other processes get their turn during a long import.
    const all = [...chains.values()];
    for (let start = 0; start < all.length; start += PUT_MANY_CHUNK) {
      const chunk = all.slice(start, start + PUT_MANY_CHUNK);
      await this.#lock.run(async () => {
        await this.#refreshNow();
        this.#syncOverride = options.sync === false ? false : undefined;
        this.#journalBatch = [];
        this.#batchProbes = new BatchProbes(this.directory);
        this.#batchParents = new Set();
        try {
          await mapLimit(chunk, concurrency, async (indexes) => {
            for (const index of indexes) {
              const item = prepared[index]?.item;
              if (!item) continue;
              try {
                results[index] = { skill: await this.#putLocked(item.input, item) };
              } catch (error) {
                results[index] = { error: error as Error };
              }
            }
          });
        } finally {
          this.#syncOverride = undefined;
          this.#batchProbes = undefined;
          this.#batchParents = undefined;
          const batch = this.#journalBatch;
          this.#journalBatch = undefined;
          if (batch.length) await this.#serialized(() => this.#journal.appendMany(batch));
        }
      });
    }
    return results;
  }

  async delete(id: string): Promise<boolean> {
    this.#assertOpen();
    requireString(id, 'skill id');
    if (!isSafeSkillId(id)) return false;
    return this.#lock.run(async () => {
      await this.#refreshNow();
      const entry = this.#entries.get(id);
      if (!entry) return false;
      await removeDirectory(insideRoot(this.directory, entry.folder), join(this.#state, 'trash'));
      await this.#history.remove(id);
      this.#deleteEntry(id);
      await this.#serialized(() => this.#journal.append({ operation: 'delete', id }));
      return true;
    });
  }

  async #putLocked(
    input: SkillPutInput,
    context: {
      scope: Skill['scope'];
      owner: string;
      id: string;
      files: ResourceFile[];
      options: SkillStorePutOptions;
    },
  ): Promise<Skill> {
    const { scope, owner, id, options } = context;
    await this.#refreshNow();
    const existing = await this.#recheck(this.#entries.get(id));
    checkExpectedRevision(id, options.expectedRevision, existing?.skill.revision ?? 0);

    const sameOwner = existing && existing.skill.scope === scope && existing.skill.owner === owner;
    const parent = sameOwner
      ? posix.dirname(existing.folder)
      : await this.#ownerFolder(scope, owner); // Concurrent puts (putMany) reserve their folder and name before any await can interleave.
    const reserved: string[] = [];
    const takenBySomeoneElse = (folder: string, candidate: string): boolean => {
      const atFolder = this.#byFolder.get(folder);
      if (atFolder !== undefined && atFolder !== id) return true;
      const named = this.#byName.get(nameKey(scope, owner, candidate));
      if (named !== undefined && named !== id) return true;
      return this.#reserved.has(folder) || this.#reserved.has(nameKey(scope, owner, candidate));
    };
    try {
      const name = await uniqueSkillName(input.name, async (candidate) => {
        const folder = `${parent}/${candidate}`;
        if (existing?.folder === folder) return false;
        if (takenBySomeoneElse(folder, candidate)) return true;
        if (await this.#existsOnDisk(folder)) return true;
        if (takenBySomeoneElse(folder, candidate)) return true;
        reserved.push(folder, nameKey(scope, owner, candidate));
        for (const key of reserved) this.#reserved.add(key);
        return false;
      });
      return await this.#writeSkill(input, { ...context, existing, parent, name });
    } finally {
      for (const key of reserved) this.#reserved.delete(key);
    }
  }

  async #writeSkill(
    input: SkillPutInput,
    context: {
      scope: Skill['scope'];
      owner: string;
      id: string;
      files: ResourceFile[];
      options: SkillStorePutOptions;
      existing: Entry | undefined;
      parent: string;
      name: string;
    },
  ): Promise<Skill> {
    const { scope, owner, id, options, existing, parent, name } = context;
    const at = new Date().toISOString();
    const knownVersions = existing
      ? [...(await this.#records(existing)).map((record) => record.version), existing.skill.version]
      : [];
    const document = prepareDocument(input, {
      id,
      name,
      existing: existing?.skill,
      at,
      highestVersion: highestVersion(knownVersions),
      restoring: options.restoredFrom !== undefined,
    });
    const markdown = renderSkillMarkdown(document);
    if (Buffer.byteLength(markdown) > MAX_SKILL_MD_BYTES) {
      throw new InvalidArgumentError(
        'skill',
        `SKILL.md would be larger than ${MAX_SKILL_MD_BYTES} bytes`,
      );
    }
    // Resource blobs first (unreferenced blobs are harmless), then the folder, then the history
    // line, which commits the revision.
    const records = existing ? [...(await this.#records(existing))] : [];
    const freshHistory = records.length === 0;
    const lines: { record: RevisionRecord; text: string }[] = [];
    if (existing?.pending) {
      const snapshot = await this.#pendingRecord(existing, true);
      lines.push(snapshot);
      records.push(snapshot.record);
    }
    let files = context.files;
    let replaceFiles = options.replaceFiles === true;
    if (options.restoredFrom !== undefined && options.files === undefined) {
      // A rollback without explicit files restores the resources of that revision too.
      const source = records.find((item) => item.revision === options.restoredFrom);
      if (!source) {
        throw new InvalidArgumentError(
          'restoredFrom',
          `skill ${id} has no revision ${options.restoredFrom}`,
        );
      }
      files = await Promise.all(
        Object.entries(source.files).map(async ([path, hash]) => ({
          path,
          content: new Uint8Array(await this.#history.readBlob(id, hash)),
        })),
      );
      replaceFiles = true;
    }
    const finalPaths = new Set(replaceFiles ? [] : (existing?.skill.files ?? []));
    for (const file of files) finalPaths.add(file.path);
    if (finalPaths.size > this.#options.maxFiles) {
      throw new InvalidArgumentError(
        'files',
        `a skill holds at most ${this.#options.maxFiles} resource files (got ${finalPaths.size})`,
      );
    }
    assertNoFileFolderClash(finalPaths);
    const previousFiles = records.at(-1)?.files ?? {};
    const hashes = new Map<string, string>();
    for (const file of files)
      hashes.set(file.path, await this.#history.writeBlob(id, file.content));
    const finalFiles: Record<string, string> = {};
    for (const path of [...finalPaths].sort()) {
      const hash = hashes.get(path) ?? previousFiles[path];
      if (hash) finalFiles[path] = hash;
    }
    const markdownHash = sha256(markdown);
    const record: RevisionRecord = {
      revision: (records.at(-1)?.revision ?? 0) + 1,
      version: document.version,
      savedAt: at,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.restoredFrom === undefined ? {} : { restoredFrom: options.restoredFrom }),
      scope,
      owner,
      name,
      markdown: markdownHash,
      files: finalFiles,
    };
    const folder = `${parent}/${name}`;
    await this.#writeFolder(id, {
      from: existing?.folder,
      to: folder,
      markdown,
      writes: files.filter((file) => hashes.get(file.path) !== previousFiles[file.path]),
      removals: (existing?.skill.files ?? []).filter((path) => !(path in finalFiles)),
      previousFiles,
    });
    lines.push({ record, text: markdown });
    for (const [index, line] of lines.entries()) {
      await this.#history.append(id, line.record, line.text, {
        fresh: freshHistory && index === 0,
      });
    }
    const change = { operation: 'put' as const, id, folder, revision: record.revision };
    if (this.#journalBatch) this.#journalBatch.push(change);
    else await this.#serialized(() => this.#journal.append(change));
    const skill: Skill = {
      ...document,
      scope,
      owner,
      files: Object.keys(finalFiles),
      revision: record.revision,
    };
    this.#setEntry({
      skill,
      folder,
      markdownHash,
      head: { revision: record.revision, markdown: markdownHash, files: Object.keys(finalFiles) },
      records: [...records, record],
      pending: false,
    });
    this.#catalogDirty = true;
    return cloneSkill(skill);
  }

  /** Folder of an owner; refuses a library whose folder is itself a Common skill. */
  async #ownerFolder(scope: Skill['scope'], owner: string): Promise<string> {
    if (scope === 'user') return `${USERS_DIRECTORY}/${owner}`;
    if (owner === COMMON_OWNER) return COMMON_DIRECTORY;
    const folder = `${COMMON_DIRECTORY}/${owner}`;
    if (await this.#existsOnDisk(`${folder}/SKILL.md`)) {
      throw new InvalidArgumentError(
        'library name',
        `${JSON.stringify(owner)} is already the folder of a Common skill`,
      );
    }
    return folder;
  }

  /** Re-reads the SKILL.md behind a cached entry so a hand edit is never overwritten unseen. */
  async #recheck(entry: Entry | undefined): Promise<Entry | undefined> {
    if (!entry) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(insideRoot(this.directory, entry.folder, 'SKILL.md'));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      this.#deleteEntry(entry.skill.id);
      return undefined;
    }
    if (sha256(bytes) === entry.markdownHash) return entry;
    const reloaded = await this.#readFolder({
      folder: entry.folder,
      scope: entry.skill.scope,
      owner: entry.skill.owner,
    });
    this.#deleteEntry(entry.skill.id);
    if (reloaded.skill.id !== entry.skill.id) {
      if (reloaded.skill.id !== '' && !this.#entries.has(reloaded.skill.id))
        this.#setEntry(reloaded);
      return undefined;
    }
    this.#setEntry(reloaded);
    return reloaded;
  }

  /**
   * The revision record of content that is on disk but not in history (found on disk or edited
   * by hand). With `store`, its SKILL.md and resources are copied into history blobs.
   */ async #pendingRecord(
    entry: Entry,
    store: boolean,
  ): Promise<{ record: RevisionRecord; text: string }> {
    const folder = insideRoot(this.directory, entry.folder);
    const id = entry.skill.id;
    const markdownPath = join(folder, 'SKILL.md');
    const savedAt = (await stat(markdownPath)).mtime.toISOString();
    const files: Record<string, string> = {};
    let markdown = entry.markdownHash;
    let text = '';
    if (store) {
      text = await readFile(markdownPath, 'utf8');
      markdown = sha256(text);
      for (const path of entry.skill.files) {
        const content = await this.#readResource(folder, path);
        if (content) files[path] = await this.#history.writeBlob(id, content);
      }
    }
    const records = await this.#records(entry);
    const record: RevisionRecord = {
      revision: (records.at(-1)?.revision ?? 0) + 1,
      version: entry.skill.version,
      savedAt,
      reason: records.length > 0 ? 'external-edit' : 'discovered',
      scope: entry.skill.scope,
      owner: entry.skill.owner,
      name: entry.skill.name,
      markdown,
      files,
    };
    return { record, text };
  }

  /** Writes a skill folder (see `writeSkillFolder`), undoing a half-done write from history blobs. */
  #writeFolder(id: string, plan: SkillFolderPlan): Promise<void> {
    return writeSkillFolder(
      {
        root: this.directory,
        realRoot: this.#realRoot,
        sync: this.#syncNow(),
        logger: this.#options.logger,
        readPrevious: (hash) => this.#history.readBlob(id, hash),
        ...(this.#batchParents ? { checkedParents: this.#batchParents } : {}),
      },
      plan,
    );
  }

  // ---- loading -------------------------------------------------------------------------------

  /** Full scan; replaces the cache. Returns folders whose SKILL.md has no id (need one written). */ async #loadAll(
    catalog: Map<string, CatalogEntry>,
  ): Promise<FoundSkillFolder[]> {
    const started = performance.now();
    this.#lastScanParsed = 0;
    this.#assignedIds = [];
    const { folders, problems } = await scanSkillFolders(this.directory, {
      maxDepth: this.#options.maxDepth,
    });
    const loaded = await mapLimit(folders, 64, async (found) => {
      try {
        return { found, entry: await this.#readFolder(found, catalog.get(found.folder)) };
      } catch (error) {
        return { found, error: error as Error };
      }
    });
    const entries = new Map<string, Entry>();
    const errors: StoreLoadError[] = [...problems];
    const missingIds: FoundSkillFolder[] = [];
    for (const result of loaded) {
      const path = `${result.found.folder}/SKILL.md`;
      if (result.error || !result.entry) {
        errors.push({ path, message: result.error?.message ?? 'unreadable' });
        continue;
      }
      const id = result.entry.skill.id;
      if (id === '') missingIds.push(result.found);
      else if (entries.has(id)) {
        errors.push({
          path,
          message: `duplicate id ${id} (already used by ${entries.get(id)?.folder}/SKILL.md); skipped`,
        });
      } else entries.set(id, result.entry);
    }
    for (const error of errors)
      this.#options.logger?.warn(`autoskill store: skipped ${error.path}: ${error.message}`);
    this.#entries = new Map();
    this.#byFolder.clear();
    this.#byName.clear();
    for (const entry of entries.values()) this.#setEntry(entry);
    this.#loadErrors = errors;
    this.#lastScanMs = performance.now() - started;
    return missingIds;
  }

  /** Writes a new id into SKILL.md files that have none (under the lock), then loads them. */
  async #assignMissingIds(folders: FoundSkillFolder[]): Promise<void> {
    for (const found of folders) {
      const path = insideRoot(this.directory, found.folder, 'SKILL.md');
      try {
        const text = await readFile(path, 'utf8');
        const parsed = parseSkillMarkdown(text, {
          path: `${found.folder}/SKILL.md`,
          folderName: posix.basename(found.folder),
        });
        if (parsed.id === '') {
          const id = validateSkillId('');
          this.#assignedIds.push({ id, path: `${found.folder}/SKILL.md` });
          await writeFileAtomic(path, insertSkillId(text, parsed, id), {
            sync: this.#syncNow(),
          });
        }
        const entry = await this.#readFolder(found);
        if (this.#entries.has(entry.skill.id)) {
          this.#loadErrors.push({
            path: `${found.folder}/SKILL.md`,
            message: `duplicate id ${entry.skill.id}; skipped`,
          });
          continue;
        }
        this.#setEntry(entry);
        await this.#serialized(() =>
          this.#journal.append({ operation: 'put', id: entry.skill.id, folder: found.folder }),
        );
      } catch (error) {
        this.#loadErrors.push({
          path: `${found.folder}/SKILL.md`,
          message: (error as Error).message,
        });
        this.#options.logger?.warn(
          `autoskill store: could not give ${found.folder}/SKILL.md an id: ${(error as Error).message}`,
        );
      }
    }
  }

  /** Loads one skill folder: SKILL.md (or its catalog copy when unchanged), resource list, history head. */
  async #readFolder(found: FoundSkillFolder, cached?: CatalogEntry): Promise<Entry> {
    // SKILL.md must not change while its history is read: otherwise an old text could be paired
    // with a newer history and get a revision number it never had (a lost update later).
    for (let attempt = 0; ; attempt++) {
      const entry = await this.#readFolderOnce(found, attempt === 0 ? cached : undefined);
      if (entry.records === undefined) return entry; // from the catalog: nothing read from history
      const after = await stat(insideRoot(this.directory, found.folder, 'SKILL.md'));
      const before = entry.file;
      if (
        (before &&
          after.ino === before.inode &&
          after.mtimeMs === before.mtimeMs &&
          after.size === before.size) ||
        attempt >= 5
      ) {
        return entry;
      }
    }
  }

  async #readFolderOnce(found: FoundSkillFolder, cached?: CatalogEntry): Promise<Entry> {
    const label = `${found.folder}/SKILL.md`;
    const path = insideRoot(this.directory, found.folder, 'SKILL.md');
    const info = await stat(path);
    const file = { size: info.size, mtimeMs: info.mtimeMs, inode: info.ino };
    let document: SkillDocument;
    let markdownHash: string;
    let head: Entry['head'];
    let records: RevisionRecord[] | undefined;
    if (
      cached &&
      cached.size === file.size &&
      cached.mtimeMs === file.mtimeMs &&
      cached.inode === file.inode &&
      cached.scope === found.scope &&
      cached.owner === found.owner
    ) {
      document = cached.document;
      markdownHash = cached.markdownHash;
      head = cached.head;
    } else {
      const bytes = await readFile(path);
      if (bytes.byteLength > MAX_SKILL_MD_BYTES) {
        throw new SkillParseError(
          `SKILL.md is ${bytes.byteLength} bytes; at most ${MAX_SKILL_MD_BYTES} are accepted`,
          { path: label },
        );
      }
      document = parseSkillMarkdown(bytes.toString('utf8'), {
        path: label,
        folderName: posix.basename(found.folder),
      });
      if (document.id !== '' && !isSafeSkillId(document.id)) {
        throw new SkillParseError(
          `metadata.id ${JSON.stringify(document.id.slice(0, 80))} is not a valid skill id (use a UUID)`,
          { path: label },
        );
      }
      markdownHash = sha256(bytes);
      this.#lastScanParsed++;
      records = document.id === '' ? [] : await this.#history.read(document.id);
      const last = records.at(-1);
      head = last
        ? { revision: last.revision, markdown: last.markdown, files: Object.keys(last.files) }
        : undefined;
      this.#catalogDirty = true;
    }
    const files = await listResourceFiles(
      this.directory,
      this.#realRoot,
      found.folder,
      attemptEntries(found),
    );
    const pending = !head || head.markdown !== markdownHash || !sameKeys(head.files, files);
    return {
      skill: {
        ...document,
        scope: found.scope,
        owner: found.owner,
        files,
        revision: (head?.revision ?? 0) + (pending ? 1 : 0),
      },
      folder: found.folder,
      markdownHash,
      head,
      ...(records ? { records } : {}),
      pending,
      file,
    };
  }

  async #records(entry: Entry): Promise<RevisionRecord[]> {
    entry.records ??= await this.#history.read(entry.skill.id);
    return entry.records;
  }

  #setEntry(entry: Entry): void {
    const id = entry.skill.id;
    const previous = this.#entries.get(id);
    if (previous) this.#unindex(previous);
    this.#entries.set(id, entry);
    this.#byFolder.set(entry.folder, id);
    this.#byName.set(nameKey(entry.skill.scope, entry.skill.owner, entry.skill.name), id);
  }

  #deleteEntry(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#unindex(entry);
    this.#entries.delete(id);
    this.#catalogDirty = true;
  }

  #unindex(entry: Entry): void {
    const id = entry.skill.id;
    if (this.#byFolder.get(entry.folder) === id) this.#byFolder.delete(entry.folder);
    const key = nameKey(entry.skill.scope, entry.skill.owner, entry.skill.name);
    if (this.#byName.get(key) === id) this.#byName.delete(key);
  }

  #catalogPath(): string {
    return join(this.#state, 'catalog.json');
  }

  /** The cache for a rescan: what is in memory now. */
  #catalogFromEntries(): Map<string, CatalogEntry> {
    const catalog = new Map<string, CatalogEntry>();
    for (const entry of this.#entries.values()) {
      const cached = catalogEntryOf(entry);
      if (cached) catalog.set(entry.folder, cached);
    }
    return catalog;
  }

  async #saveCatalog(): Promise<void> {
    this.#catalogDirty = false;
    const entries = [...this.#entries.values()];
    await mapLimit(entries, 32, async (entry) => {
      if (entry.file) return;
      try {
        const info = await stat(insideRoot(this.directory, entry.folder, 'SKILL.md'));
        entry.file = { size: info.size, mtimeMs: info.mtimeMs, inode: info.ino };
      } catch {
        // Gone: the next scan finds out.
      }
    });
    const catalog = entries
      .map(catalogEntryOf)
      .filter((item): item is CatalogEntry => item !== undefined);
    try {
      await writeCatalog(this.#catalogPath(), catalog);
    } catch (error) {
      this.#options.logger?.warn(`autoskill store: could not save the catalog: ${String(error)}`);
    }
  }

  async #readResource(folder: string, path: string): Promise<Uint8Array | undefined> {
    const file = insideRoot(folder, path);
    if (!realPathInside(this.#realRoot, file)) return undefined;
    try {
      return new Uint8Array(await readFile(file));
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      throw error;
    }
  }

  #serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#serial.then(task);
    this.#serial = result.catch(() => undefined);
    return result;
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidArgumentError('store', `${this.directory} is closed`);
  }
}

/** A copy callers may change freely (faster than structuredClone for the plain parts). */
function cloneSkill(skill: Skill): Skill {
  return {
    ...skill,
    tags: [...skill.tags],
    triggers: [...skill.triggers],
    examples: skill.examples.map((example) => ({ ...example })),
    metadata: { ...skill.metadata },
    extra: Object.keys(skill.extra).length === 0 ? {} : structuredClone(skill.extra),
    files: [...skill.files],
  };
}

/** The walk's entries of a folder, used once (a retry reads the folder again). */
function attemptEntries(found: FoundSkillFolder): FoundSkillFolder['entries'] {
  const entries = found.entries;
  found.entries = undefined;
  return entries;
}

function catalogEntryOf(entry: Entry): CatalogEntry | undefined {
  if (!entry.file) return undefined;
  const { scope, owner, files: _files, revision: _revision, ...document } = entry.skill;
  return {
    folder: entry.folder,
    scope,
    owner,
    ...entry.file,
    markdownHash: entry.markdownHash,
    document,
    ...(entry.head ? { head: entry.head } : {}),
  };
}

function nameKey(scope: string, owner: string, name: string): string {
  return `${scope}\0${owner}\0${name}`;
}

function publicRevision(record: RevisionRecord): SkillRevision {
  const revision: SkillRevision = {
    revision: record.revision,
    version: record.version,
    savedAt: record.savedAt,
  };
  if (record.reason !== undefined) revision.reason = record.reason;
  if (record.restoredFrom !== undefined) revision.restoredFrom = record.restoredFrom;
  return revision;
}

/** Scope and owner from a folder path written by this store (`Users/<u>/…`, `Common/…`). */
function placeOfFolder(
  folder: string,
  previous: Entry | undefined,
): Pick<FoundSkillFolder, 'scope' | 'owner'> {
  const segments = folder.split('/');
  if (segments[0] === USERS_DIRECTORY) return { scope: 'user', owner: segments[1] ?? '' };
  if (segments.length === 2) return { scope: 'common', owner: COMMON_OWNER };
  if (segments[0] === COMMON_DIRECTORY)
    return { scope: 'common', owner: segments[1] ?? COMMON_OWNER };
  return previous
    ? { scope: previous.skill.scope, owner: previous.skill.owner }
    : { scope: 'common', owner: COMMON_OWNER };
}

function changedIds(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  const changed: string[] = [];
  for (const [id, entry] of after) {
    const old = before.get(id);
    if (
      !old ||
      old.markdownHash !== entry.markdownHash ||
      old.folder !== entry.folder ||
      old.skill.revision !== entry.skill.revision
    ) {
      changed.push(id);
    }
  }
  for (const id of before.keys()) if (!after.has(id)) changed.push(id);
  return changed;
}
