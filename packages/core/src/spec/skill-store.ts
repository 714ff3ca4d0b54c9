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
  /** Picks up changes written by other processes; returns the ids that changed. */
  refresh?(): Promise<string[]>;
  close?(): Promise<void>;
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
