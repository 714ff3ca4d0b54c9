import type { Skill, SkillScope } from '@autoskill/core';
import { contentHash } from '@autoskill/core/internal';
import type { RecordedHead } from './catalog-types';
import type { RevisionRecord } from './skill-history';

/** What the store keeps in memory for one skill. */
export interface SkillEntry {
  /** The skill's id, when an entry knows it without decoding `skill` (a catalog-backed one). */
  readonly id?: string;
  skill: Skill;
  /** Relative to the root, POSIX. */
  folder: string;
  markdownHash: string;
  /** Last recorded revision (number, SKILL.md hash, resource paths). */
  head: RecordedHead | undefined;
  /** All recorded revisions, loaded on first use. */
  records?: RevisionRecord[];
  /** The SKILL.md on disk is not the last recorded revision: it counts as one more revision. */
  pending: boolean;
  /** SKILL.md size, mtime and inode when loaded (catalog validity); unknown after a write. */
  file?: { size: number; mtimeMs: number; inode: number };
  /** mtime per directory of the folder when its resources were listed; unknown after a write. */
  directories?: Record<string, number>;
  /**
   * Loaded from the catalog: `skill.instructions` and `skill.examples` are empty in memory and
   * read from SKILL.md when the skill is returned (`skillWithBody`).
   */
  bodyOnDisk?: boolean;
  /**
   * `contentTagOf` once computed, or read from the catalog. An entry's SKILL.md hash, place and
   * files never change in place (a change makes a new entry), so the memo stays true.
   */
  contentTag?: string;
}

/**
 * The store's skills in memory: id → entry, plus folder → id and (scope, owner, name) → id so a
 * name check never scans every skill, plus the folders and names that puts in flight reserved.
 */
export class SkillEntryTable {
  #entries = new Map<string, SkillEntry>();
  /** Built on the first folder lookup (journal lines, the check, writes), like the names. */
  #byFolder: Map<string, string> | undefined;
  /** Built on the first name check (writes only): opening a large store does not pay for it. */
  #byName: Map<string, string> | undefined;
  readonly #reserved = new Set<string>();
  /** True when the table holds something the catalog on disk does not. */
  catalogDirty = false;

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): SkillEntry | undefined {
    return this.#entries.get(id);
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** The id of the skill in `folder` (relative, POSIX), if any. */
  idAtFolder(folder: string): string | undefined {
    return this.#folders().get(folder);
  }

  values(): IterableIterator<SkillEntry> {
    return this.#entries.values();
  }

  /** The current id → entry map. `replaceAll` starts a new one, so a kept map stays as it was. */
  current(): ReadonlyMap<string, SkillEntry> {
    return this.#entries;
  }

  /** Adds or replaces the entry of `entry.skill.id`. */
  set(entry: SkillEntry): void {
    const id = entry.id ?? entry.skill.id;
    const previous = this.#entries.get(id);
    if (previous) this.#unindex(previous);
    this.#entries.set(id, entry);
    this.#byFolder?.set(entry.folder, id);
    this.#byName?.set(nameKey(entry.skill.scope, entry.skill.owner, entry.skill.name), id);
  }

  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#unindex(entry);
    this.#entries.delete(id);
    this.catalogDirty = true;
  }

  /** Takes `entries` (id → entry, each under its own id) as the table, without copying it. */
  adopt(entries: Map<string, SkillEntry>): void {
    this.#entries = entries;
    this.#byFolder = undefined;
    this.#byName = undefined;
  }

  /** Replaces every entry (after a full scan). */
  replaceAll(entries: Iterable<SkillEntry>): void {
    this.#entries = new Map();
    this.#byFolder = undefined;
    this.#byName = undefined;
    for (const entry of entries) this.set(entry);
  }

  /**
   * True when `folder` or the name belongs to another skill than `id`, or a put in flight
   * reserved it.
   */
  takenByAnother(
    id: string,
    place: { scope: SkillScope; owner: string },
    folder: string,
    name: string,
  ): boolean {
    const atFolder = this.#folders().get(folder);
    if (atFolder !== undefined && atFolder !== id) return true;
    const key = nameKey(place.scope, place.owner, name);
    const named = this.#names().get(key);
    if (named !== undefined && named !== id) return true;
    return this.#reserved.has(folder) || this.#reserved.has(key);
  }

  /** Reserves a folder and a name for a put in flight. Returns what to pass to `release`. */
  reserve(place: { scope: SkillScope; owner: string }, folder: string, name: string): string[] {
    const keys = [folder, nameKey(place.scope, place.owner, name)];
    for (const key of keys) this.#reserved.add(key);
    return keys;
  }

  release(keys: readonly string[]): void {
    for (const key of keys) this.#reserved.delete(key);
  }

  #folders(): Map<string, string> {
    if (!this.#byFolder) {
      this.#byFolder = new Map();
      for (const [id, entry] of this.#entries) this.#byFolder.set(entry.folder, id);
    }
    return this.#byFolder;
  }

  #names(): Map<string, string> {
    if (!this.#byName) {
      this.#byName = new Map();
      for (const [id, { skill }] of this.#entries)
        this.#byName.set(nameKey(skill.scope, skill.owner, skill.name), id);
    }
    return this.#byName;
  }

  #unindex(entry: SkillEntry): void {
    const id = entry.id ?? entry.skill.id;
    if (this.#byFolder?.get(entry.folder) === id) this.#byFolder.delete(entry.folder);
    if (!this.#byName) return;
    const key = nameKey(entry.skill.scope, entry.skill.owner, entry.skill.name);
    if (this.#byName.get(key) === id) this.#byName.delete(key);
  }
}

/** Ids added, removed or changed (content, folder or revision) between two tables. */
export function changedIds(
  before: ReadonlyMap<string, SkillEntry>,
  after: ReadonlyMap<string, SkillEntry>,
): string[] {
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

/** `SkillStore.contentTags` of one entry: SKILL.md hash, place and resource list, hashed. */
export function contentTagOf(entry: SkillEntry): string {
  if (entry.contentTag !== undefined) return entry.contentTag;
  const { scope, owner, files } = entry.skill;
  entry.contentTag = contentHash(`${entry.markdownHash}\n${scope}\n${owner}\n${files.join('\n')}`);
  return entry.contentTag;
}

/** A copy callers may change freely (faster than structuredClone for the plain parts). */
export function cloneSkill(skill: Skill): Skill {
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

function nameKey(scope: string, owner: string, name: string): string {
  return `${scope}\0${owner}\0${name}`;
}
