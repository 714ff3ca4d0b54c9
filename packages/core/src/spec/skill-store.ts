import type {
  SearchScope,
  Skill,
  SkillDocument,
  SkillFile,
  SkillRevision,
  SkillScope,
} from '../skill/skill';

/**
 * The source of truth for skills. Implementations: `createInMemorySkillStore()` (core),
 * `createLocalSkillStore()` (`@autoskill/store-local`). Prove a new one with
 * `runSkillStoreTests()` from `@autoskill/test-suite`.
 *
 * Rules every implementation follows:
 * - ids are unique across the whole store; `get` finds user and library skills alike;
 * - every `put` adds a revision to the skill's history and nothing removes one except `delete`;
 * - owners and names are validated (`assertSafeUserId`, `assertSkillName`) before any I/O;
 * - a `put` with `expectedRevision` fails with a `CONFLICT` error if the stored revision differs.
 */
export interface SkillStore {
  readonly specificationVersion: 'v1';
  readonly name: string;
  /** Writes a skill (create or replace). Returns the stored skill with its new `revision` and `files`. */
  put(input: SkillPutInput, options?: SkillStorePutOptions): Promise<Skill>;
  get(id: string): Promise<Skill | undefined>;
  list(options?: SkillStoreListOptions): Promise<Skill[]>;
  /** Deletes a skill and its history. Returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
  /** The skill's revisions, oldest first. Empty for unknown ids. */
  history(id: string): Promise<SkillRevision[]>;
  /** The skill as it was at a revision. */
  getRevision(id: string, revision: number): Promise<Skill | undefined>;
  /** The skill's files: `SKILL.md` plus resources; with `revision`, as they were at that revision. */
  readFiles(id: string, options?: { revision?: number }): Promise<SkillFile[] | undefined>;
  /** Optional: picks up changes written by other processes; returns the ids that changed. */
  refresh?(): Promise<string[]>;
  /**
   * Optional: reads the whole backing storage again (hand-edited files included); returns the
   * ids that changed. Updates `loadErrors` and `assignedIds`.
   */
  rescan?(): Promise<string[]>;
  /**
   * Optional fast path for bulk writes (imports): every item is a `put`; items with the same id
   * run in order; each succeeds or fails on its own, in the order given. Callers fall back to one
   * `put` per item when a store lacks it.
   */
  putMany?(
    items: SkillStorePutManyItem[],
    options?: SkillStorePutManyOptions,
  ): Promise<SkillStorePutManyOutcome[]>;
  /**
   * Optional all-or-nothing batch (imports that must never be left half done): every item is a
   * `put`, ids must differ, and every item is checked and prepared before anything is written —
   * the first problem throws and nothing changes. A crash part-way leaves either all of the
   * items or none of them visible once the store is opened again. Returns the stored skills in
   * input order. `concurrency` and `sync` mean what they mean for `putMany`.
   */
  putAll?(items: SkillStorePutManyItem[], options?: SkillStorePutManyOptions): Promise<Skill[]>;
  /**
   * Optional: deletes every user skill of `owner` (one user id, never a pattern) with its history,
   * and removes what the store's own bookkeeping still says of that user (leftover files under
   * the user's folder, journal lines naming it). Returns the deleted ids. Callers fall back to
   * `list` + `delete` when a store lacks it.
   */
  forgetOwner?(owner: string): Promise<string[]>;
  /**
   * Optional: every skill's id → a short tag that changes whenever its content, place or resource
   * list changes (hand edits included). Lets caches of derived data (the SDK's saved search
   * index) tell what to rebuild without reading every skill. A new map on every call: the
   * caller may keep and change it.
   */
  contentTags?(): Promise<Map<string, string>>;
  /**
   * Optional: a store that opened from a cache without checking its files (a large local store)
   * checks them in the background; this resolves when that is done, with the ids found changed
   * on disk (they also come from the next `refresh()`), at once with `[]` when there is nothing
   * to check. Asking starts a check that is still waiting.
   */
  validated?(): Promise<string[]>;
  /** Optional: what the last load or `rescan()` could not read (broken SKILL.md, duplicate id…). */
  readonly loadErrors?: readonly SkillStoreLoadError[];
  /** Optional: ids the last load or `rescan()` gave to skills that had none. */
  readonly assignedIds?: readonly SkillStoreAssignedId[];
  /**
   * Optional: takes a skill out of use without losing it (pruning that can be undone): it is no
   * longer returned by `get`/`list` and its history is kept. Returns undefined for unknown ids.
   */
  archive?(id: string, options?: { reason?: string }): Promise<ArchivedSkill | undefined>;
  /** Optional: brings an archived skill back with its full history. Undefined when not archived. */
  restore?(id: string): Promise<Skill | undefined>;
  /** Optional: the archived skills (newest first), filtered like `list`. */
  listArchived?(options?: SkillStoreListOptions): Promise<ArchivedSkill[]>;
  close?(): Promise<void>;
}

/** A skill taken out of use by `archive`: what it was, and when and why it was archived. */
export interface ArchivedSkill {
  id: string;
  name: string;
  title: string;
  description: string;
  version: string;
  revision: number;
  scope: SkillScope;
  owner: string;
  /** ISO time. */
  archivedAt: string;
  reason?: string;
}

/** One write of `SkillStore.putMany`. */
export interface SkillStorePutManyItem {
  input: SkillPutInput;
  options?: SkillStorePutOptions;
}

export interface SkillStorePutManyOptions {
  /** Writes in flight at once (store-specific default). */
  concurrency?: number;
  /** `false` lets a store skip per-file durability work (fsync) for throwaway bulk loads. */
  sync?: boolean;
}

/** The stored skill, or the error of that one item. */
export type SkillStorePutManyOutcome = { skill: Skill } | { error: Error };

/** Something the store could not load, by its path (or key) in the backing storage. */
export interface SkillStoreLoadError {
  path: string;
  message: string;
}

/** An id the store wrote into a skill that had none. */
export interface SkillStoreAssignedId {
  id: string;
  path: string;
}

/** What to store: a document plus its place. */
export interface SkillPutInput extends SkillDocument {
  scope: SkillScope;
  owner: string;
}

export interface SkillStorePutOptions {
  /** Resource files to write beside SKILL.md. */
  files?: SkillFile[];
  /** Remove resource files that are not in `files`. Default false (keep existing resources). */
  replaceFiles?: boolean;
  /** Fail with CONFLICT unless the stored revision is this (0 = must not exist yet). */
  expectedRevision?: number;
  /** Recorded in history: `create`, `import`, `merge`, `edit`, `rollback`… */
  reason?: string;
  /** For rollbacks: the revision whose content is being restored. */
  restoredFrom?: number;
}

export interface SkillStoreListOptions {
  scope?: SearchScope;
  /** Only skills owned by this user (with scope `user` or `all`: the user's skills plus the library for `all`). */
  owner?: string;
}
