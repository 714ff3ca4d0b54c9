import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ArchivedSkill,
  InvalidArgumentError,
  parseSkillMarkdown,
  type Skill,
  type SkillFile,
  type SkillPutInput,
  type SkillRevision,
  type SkillStoreAssignedId,
  type SkillStoreListOptions,
  type SkillStoreLoadError,
  type SkillStorePutManyItem,
  type SkillStorePutManyOptions,
  type SkillStorePutManyOutcome,
  type SkillStorePutOptions,
} from '@autoskill/core';
import { compareSkills, isSafeSkillId, skillListFilter } from '@autoskill/core/store-kit';
import { BackgroundCheck } from './background-check';
import { ParsedCatalogLines } from './catalog-lines';
import { forgetOwner } from './forget-owner';
import { JournalRefresh } from './journal-refresh';
import type { LocalSkillStore, LocalSkillStoreStats } from './local-skill-store';
import {
  type LocalSkillStoreOptions,
  type ResolvedLocalSkillStoreOptions,
  resolveLocalSkillStoreOptions,
} from './local-skill-store-options';
import { pendingRevision } from './pending-revision';
import { putAll } from './put-all';
import { putMany } from './put-many';
import { SkillArchive } from './skill-archive';
import { skillWithBody } from './skill-body';
import { changedIds, contentTagOf, type SkillEntry } from './skill-entry-table';
import { SkillFolderLoader } from './skill-folder-loader';
import type { RevisionRecord } from './skill-history';
import { SkillWriter } from './skill-writer';
import { batchesDirectory, recoverBatches } from './staged-batch';
import type { Catalog } from './store-catalog';
import { StoreContext } from './store-context';
import { mapLimit, requireString } from './store-helpers';
import { insideRoot } from './store-paths';

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
  const store = new LocalStore(resolveLocalSkillStoreOptions(options));
  await store.open();
  return store;
}

/** The store: reads from the entry table; writes through the writer under the lock. */
class LocalStore implements LocalSkillStore {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'local';
  readonly directory: string;
  readonly #context: StoreContext;
  readonly #loader: SkillFolderLoader;
  readonly #refresh: JournalRefresh;
  readonly #writer: SkillWriter;
  readonly #archive: SkillArchive;
  readonly #check: BackgroundCheck;
  #closed = false;

  constructor(options: ResolvedLocalSkillStoreOptions) {
    this.directory = options.directory;
    this.#context = new StoreContext(options);
    this.#loader = new SkillFolderLoader(this.#context);
    this.#refresh = new JournalRefresh(this.#context, this.#loader);
    this.#writer = new SkillWriter(this.#context, this.#loader, this.#refresh);
    this.#archive = new SkillArchive(this.#context, this.#loader, this.#refresh);
    this.#check = new BackgroundCheck(this.#context, this.#loader, this.#refresh);
    this.#context.recoverBatches = () => this.#recoverBatches();
  }

  get loadErrors(): readonly SkillStoreLoadError[] {
    return [...this.#loader.loadErrors];
  }

  get assignedIds(): readonly SkillStoreAssignedId[] {
    return [...this.#loader.assignedIds];
  }

  async open(): Promise<void> {
    const context = this.#context;
    await mkdir(context.stateDirectory, { recursive: true });
    context.realRoot = await realpath(this.directory);
    // A batch a crashed process left half done is finished (or dropped) before anything is read.
    if (existsSync(batchesDirectory(context)))
      await context.lock.run(async () => void (await recoverBatches(context)));
    const catalog = await this.#loader.readCatalog();
    const trusted = await this.#openTrusted(catalog);
    if (trusted === 'opened') {
      this.#check.start();
      if (catalog.outdated) context.entries.catalogDirty = true;
    } else {
      await context.serialized(() => context.journal.skipToEnd());
      // Opening only reads: a SKILL.md without an id is listed under a derived one (`rescan` writes it).
      // A catalog refused as damaged is not used for any file either: every SKILL.md is parsed.
      await this.#loader.loadAll(
        trusted === 'refused' ? new ParsedCatalogLines([]) : catalog.lines,
      );
      catalog.lines.close?.();
      // A catalog of an older version: saved once with the journal position a trusted open needs.
      if (catalog.lines.size > 0 && !catalog.journal) context.entries.catalogDirty = true;
    }
    if (context.entries.catalogDirty) await this.#loader.saveCatalog();
  }

  /**
   * A large store opens from its catalog alone, plus the journal lines written since it was
   * saved; SKILL.md files and folders are checked in the background afterwards
   * (docs/decisions/2026-12-02-store-open-at-scale.md). Otherwise the caller scans: `skipped`
   * when the catalog is too small, has no journal position, or the journal was replaced since;
   * `refused` when a line does not fit (an unsafe id, a folder outside its owner, an id twice).
   */
  async #openTrusted(catalog: Catalog): Promise<'opened' | 'skipped' | 'refused'> {
    const context = this.#context;
    const position = catalog.journal;
    if (!position || catalog.lines.size < context.options.trustCatalogFrom) return 'skipped';
    const resumed = await context.serialized(() => context.journal.resumeAt(position));
    if (!resumed) return 'skipped';
    if (!(await this.#loader.loadTrusted(catalog.lines))) return 'refused';
    await this.#refresh.now();
    // Not changes since the open: the table already holds them when the caller first reads.
    this.#refresh.takeUnreported();
    return 'opened';
  }

  async validated(): Promise<string[]> {
    this.#assertOpen();
    return this.#check.done();
  }

  // ---- reads ---------------------------------------------------------------------------------

  async get(id: string): Promise<Skill | undefined> {
    requireString(id, 'skill id');
    this.#assertOpen();
    const refreshing = this.#refresh.beforeRead();
    if (refreshing) await refreshing;
    const known = this.#context.entries.get(id);
    const entry = known && (await this.#check.fresh(known));
    return entry ? skillWithBody(this.directory, entry) : undefined;
  }

  async list(options: SkillStoreListOptions = {}): Promise<Skill[]> {
    const matches = skillListFilter(options);
    this.#assertOpen();
    // Listing reads every SKILL.md anyway: the background check's few stats more are cheap.
    await this.#check.done();
    const refreshing = this.#refresh.beforeRead();
    if (refreshing) await refreshing;
    const entries = [...this.#context.entries.values()]
      .filter((entry) => matches(entry.skill))
      .sort((left, right) => compareSkills(left.skill, right.skill));
    return mapLimit(entries, 32, (entry) => skillWithBody(this.directory, entry));
  }

  async contentTags(): Promise<Map<string, string>> {
    this.#assertOpen();
    const refreshing = this.#refresh.beforeRead();
    if (refreshing) await refreshing;
    const tags = new Map<string, string>();
    for (const [id, entry] of this.#context.entries.current()) tags.set(id, contentTagOf(entry));
    return tags;
  }

  async history(id: string): Promise<SkillRevision[]> {
    requireString(id, 'skill id');
    const entry = await this.#entryForRead(id);
    if (!entry) return [];
    const revisions = (await this.#context.records(entry)).map(publicRevision);
    if (entry.pending) {
      const { record } = await pendingRevision(this.#context, entry, { copyToHistory: false });
      revisions.push(publicRevision(record));
    }
    return revisions;
  }

  async getRevision(id: string, revision: number): Promise<Skill | undefined> {
    requireString(id, 'skill id');
    assertRevision(revision);
    const entry = await this.#entryForRead(id);
    if (!entry) return undefined;
    if (entry.pending && revision === entry.skill.revision)
      return skillWithBody(this.directory, entry);
    const recorded = await this.#recorded(entry, revision);
    if (!recorded) return undefined;
    const { record, text } = recorded;
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
    if (revision !== undefined) assertRevision(revision);
    const entry = await this.#entryForRead(id);
    if (!entry) return undefined;
    if (revision !== undefined && !(entry.pending && revision === entry.skill.revision)) {
      return this.#readRevisionFiles(entry, revision);
    }
    const folder = insideRoot(this.directory, entry.folder);
    const files: SkillFile[] = [
      { path: 'SKILL.md', content: await readFile(join(folder, 'SKILL.md'), 'utf8') },
    ];
    for (const path of entry.skill.files) {
      const content = await this.#context.readResource(folder, path);
      if (content) files.push({ path, content });
    }
    return files;
  }

  skillDirectory(id: string): string | undefined {
    const entry = this.#context.entries.get(id);
    return entry ? insideRoot(this.directory, entry.folder) : undefined;
  }

  stats(): LocalSkillStoreStats {
    const { entries } = this.#context;
    const users = new Set<string>();
    const libraries = new Set<string>();
    let userSkills = 0;
    let unrecorded = 0;
    for (const entry of entries.values()) {
      if (entry.skill.scope === 'user') {
        userSkills++;
        users.add(entry.skill.owner);
      } else libraries.add(entry.skill.owner);
      if (entry.pending) unrecorded++;
    }
    return {
      skills: entries.size,
      userSkills,
      commonSkills: entries.size - userSkills,
      users: users.size,
      libraries: libraries.size,
      loadErrors: this.#loader.loadErrors.length,
      unrecordedSkills: unrecorded,
      lastScanMs: this.#loader.lastScanMs,
      lastScanParsed: this.#loader.lastScanParsed,
    };
  }

  // ---- other processes and hand edits --------------------------------------------------------

  async refresh(): Promise<string[]> {
    this.#assertOpen();
    await this.#refresh.now();
    // Everything changed since the last call, including what reads in between picked up.
    return this.#refresh.takeUnreported();
  }

  async rescan(): Promise<string[]> {
    this.#assertOpen();
    const context = this.#context;
    return context.locked(async () => {
      const before = context.entries.current();
      const missingIds = await context.serialized(async () => {
        await context.journal.readNew();
        return this.#loader.loadAll(this.#loader.catalogFromEntries());
      });
      await this.#loader.assignMissingIds(missingIds);
      if (context.entries.catalogDirty) await this.#loader.saveCatalog();
      return changedIds(before, context.entries.current());
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Stopped, not finished: what it has not checked keeps the catalog's file identities, so the
    // next open's check finds it (a one-shot command need not wait seconds for a large store).
    await this.#check.stop();
    await this.#context.lock.close();
    if (this.#context.entries.catalogDirty) await this.#loader.saveCatalog();
    this.#loader.releaseCatalog();
  }

  // ---- writes --------------------------------------------------------------------------------

  async put(input: SkillPutInput, options: SkillStorePutOptions = {}): Promise<Skill> {
    this.#assertOpen();
    const checked = this.#writer.check(input, options);
    return this.#context.locked(() => this.#writer.put(checked));
  }

  async putMany(
    items: SkillStorePutManyItem[],
    options: SkillStorePutManyOptions = {},
  ): Promise<SkillStorePutManyOutcome[]> {
    this.#assertOpen();
    return putMany(
      { context: this.#context, writer: this.#writer, refresh: this.#refresh },
      items,
      options,
    );
  }

  async putAll(
    items: SkillStorePutManyItem[],
    options: SkillStorePutManyOptions = {},
  ): Promise<Skill[]> {
    this.#assertOpen();
    return putAll({ context: this.#context, writer: this.#writer }, items, options);
  }

  async delete(id: string): Promise<boolean> {
    this.#assertOpen();
    requireString(id, 'skill id');
    if (!isSafeSkillId(id)) return false;
    return this.#context.locked(() => this.#writer.delete(id));
  }

  async forgetOwner(owner: string): Promise<string[]> {
    this.#assertOpen();
    const parts = {
      context: this.#context,
      writer: this.#writer,
      refresh: this.#refresh,
      loader: this.#loader,
    };
    // Archived skills are the user's too: they go with their history (and their journal lines).
    return this.#context.locked(() =>
      forgetOwner(parts, owner, () => this.#archive.forgetOwner(owner)),
    );
  }

  async archive(id: string, options: { reason?: string } = {}): Promise<ArchivedSkill | undefined> {
    this.#assertOpen();
    requireString(id, 'skill id');
    if (!isSafeSkillId(id)) return undefined;
    return this.#context.locked(() => this.#archive.archive(id, options));
  }

  async restore(id: string): Promise<Skill | undefined> {
    this.#assertOpen();
    requireString(id, 'skill id');
    if (!isSafeSkillId(id)) return undefined;
    return this.#context.locked(() => this.#archive.restore(id));
  }

  async listArchived(options: SkillStoreListOptions = {}): Promise<ArchivedSkill[]> {
    this.#assertOpen();
    return this.#archive.list(options);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Finishes batches a crashed process left (lock held) and loads what they wrote. */
  async #recoverBatches(): Promise<void> {
    const context = this.#context;
    for (const item of await recoverBatches(context)) {
      try {
        const entry = await this.#loader.readFolder({
          folder: item.to,
          scope: item.scope,
          owner: item.owner,
        });
        if (entry.skill.id === item.id) context.entries.set(entry);
      } catch {
        // Not there after all: the next scan decides.
      }
    }
  }

  /** The entry of `id` after picking up what other processes wrote. */
  async #entryForRead(id: string): Promise<SkillEntry | undefined> {
    this.#assertOpen();
    const refreshing = this.#refresh.beforeRead();
    if (refreshing) await refreshing;
    return this.#context.entries.get(id);
  }

  /** A recorded revision with its SKILL.md text, from history. */
  async #recorded(
    entry: SkillEntry,
    revision: number,
  ): Promise<{ record: RevisionRecord; text: string } | undefined> {
    const record = (await this.#context.records(entry)).find((item) => item.revision === revision);
    const text = record
      ? await this.#context.history.readText(entry.skill.id, revision)
      : undefined;
    return record && text !== undefined ? { record, text } : undefined;
  }

  /** SKILL.md and resources of a recorded revision, from history. */
  async #readRevisionFiles(entry: SkillEntry, revision: number): Promise<SkillFile[] | undefined> {
    const recorded = await this.#recorded(entry, revision);
    if (!recorded) return undefined;
    const files: SkillFile[] = [{ path: 'SKILL.md', content: recorded.text }];
    const resources = Object.entries(recorded.record.files).sort(([left], [right]) =>
      left < right ? -1 : 1,
    );
    for (const [path, hash] of resources) {
      const content = await this.#context.history.readBlob(entry.skill.id, hash);
      files.push({ path, content: new Uint8Array(content) });
    }
    return files;
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidArgumentError('store', `${this.directory} is closed`);
  }
}

function assertRevision(revision: number): void {
  if (!Number.isInteger(revision) || revision < 1) {
    throw new InvalidArgumentError('revision', 'must be an integer ≥ 1');
  }
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
