import type {
  ArchivedSkill,
  Skill,
  SkillStore,
  SkillStoreAssignedId,
  SkillStoreListOptions,
  SkillStoreLoadError,
  SkillStorePutManyItem,
  SkillStorePutManyOptions,
  SkillStorePutManyOutcome,
} from '@autoskill/core';

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

/**
 * The directory-based `SkillStore`, with every optional capability of the spec (`refresh`,
 * `rescan`, `putMany`, `putAll`, `loadErrors`, `assignedIds`, `close`) plus file-system extras.
 */
export interface LocalSkillStore extends SkillStore {
  /** Absolute path of the store root. */
  readonly directory: string;
  /** SKILL.md files skipped by the last scan (broken, duplicate id, unsafe folder name). */
  readonly loadErrors: readonly SkillStoreLoadError[];
  /** Ids written into SKILL.md files that had none, by the last open or `rescan()`. */
  readonly assignedIds: readonly SkillStoreAssignedId[];
  /** Reads what other processes wrote (journal). One `stat` when nothing changed. Returns changed ids. */
  refresh(): Promise<string[]>;
  /**
   * Resolves when the background check of a trusted open (a large store's catalog) has finished,
   * with the ids it found changed, added or deleted on disk; at once with `[]` after a full open.
   * The same ids also come from the next `refresh()`.
   */
  validated(): Promise<string[]>;
  /** Walks the whole tree again (picks up hand-edited SKILL.md files). Returns changed ids. */
  rescan(): Promise<string[]>;
  /**
   * Puts many skills, 64 per lock hold, up to `concurrency` (default 8) at once: the fast path
   * for imports. Items with the same id run in order; each item succeeds or fails on its own,
   * and the outcomes come back in input order. `sync: false` skips the per-file fsync (bulk
   * imports: a kill -9 still leaves every file whole; a power loss may lose the batch).
   */
  putMany(
    items: SkillStorePutManyItem[],
    options?: SkillStorePutManyOptions,
  ): Promise<SkillStorePutManyOutcome[]>;
  /**
   * Puts every item or none (imports): all items are checked and planned under one lock hold,
   * staged in `.autoskill/batches/`, committed with one manifest write, then applied. A crash
   * before the commit leaves nothing; after it, the next open (or write by any process) finishes
   * the batch. Throws the first problem, with nothing written. Ids must differ.
   */
  putAll(items: SkillStorePutManyItem[], options?: SkillStorePutManyOptions): Promise<Skill[]>;
  /** Deletes every skill of one user with its history and scrubs the user from the journal and catalog. */
  forgetOwner(owner: string): Promise<string[]>;
  /**
   * Moves a skill to `.autoskill/archive/<id>/` (out of `list`, `get` and search; history kept).
   * Undefined for unknown ids.
   */
  archive(id: string, options?: { reason?: string }): Promise<ArchivedSkill | undefined>;
  /** Moves an archived skill back to its folder with its full history; CONFLICT when the folder is taken. */
  restore(id: string): Promise<Skill | undefined>;
  listArchived(options?: SkillStoreListOptions): Promise<ArchivedSkill[]>;
  /** Absolute folder of a skill (for export), or undefined. */
  skillDirectory(id: string): string | undefined;
  stats(): LocalSkillStoreStats;
  /** Finishes queued writes, releases the lock and saves the catalog. Idempotent. */
  close(): Promise<void>;
}
