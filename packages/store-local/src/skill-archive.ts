import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type ArchivedSkill,
  ConflictError,
  type Skill,
  type SkillStoreListOptions,
} from '@autoskill/core';
import { archivedSkillOf, isSafeSkillId, skillListFilter } from '@autoskill/core/store-kit';
import { errorCode, writeFileAtomic } from './atomic-file';
import type { JournalRefresh } from './journal-refresh';
import { cloneSkill } from './skill-entry-table';
import type { SkillFolderLoader } from './skill-folder-loader';
import { removeDirectory } from './skill-history';
import type { StoreContext } from './store-context';
import { insideRoot } from './store-paths';

/** Where archived skills live: hidden, so the store's scan never sees them as live skills. */
const ARCHIVE_DIRECTORY = 'archive';
/** The archived folder inside `.autoskill/archive/<id>/`. */
const FOLDER = 'skill';
/** What the skill was and where it lived, beside the folder. */
const RECORD = 'archived.json';

/** The archive record: the public fields plus the folder it came from (restore puts it back there). */
interface ArchiveRecord extends ArchivedSkill {
  folder: string;
}

const TEXT_FIELDS = [
  'id',
  'name',
  'title',
  'description',
  'version',
  'owner',
  'archivedAt',
  'folder',
];

/** The record if `value` has the shape this module writes (a hand-damaged file is ignored). */
function asRecord(value: unknown): ArchiveRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (!TEXT_FIELDS.every((key) => typeof fields[key] === 'string')) return undefined;
  if (fields.scope !== 'user' && fields.scope !== 'common') return undefined;
  if (!Number.isInteger(fields.revision)) return undefined;
  if (fields.reason !== undefined && typeof fields.reason !== 'string') return undefined;
  // Restore moves the folder back here: only a place where skills live.
  if (!/^(Users|Common)\/[^/]/.test(fields.folder as string)) return undefined;
  return value as ArchiveRecord;
}

/**
 * Archive and restore (pruning that can be undone): the skill folder moves to
 * `.autoskill/archive/<id>/skill` with a record of where it was; its history stays where it is,
 * keyed by id, so a restore brings every version back. Other processes see a journal `delete` /
 * `put` like for any other write. Callers hold the store lock.
 */
export class SkillArchive {
  readonly #context: StoreContext;
  readonly #loader: SkillFolderLoader;
  readonly #refresh: JournalRefresh;

  constructor(context: StoreContext, loader: SkillFolderLoader, refresh: JournalRefresh) {
    this.#context = context;
    this.#loader = loader;
    this.#refresh = refresh;
  }

  async archive(id: string, options: { reason?: string }): Promise<ArchivedSkill | undefined> {
    const context = this.#context;
    await this.#refresh.now();
    const entry = context.entries.get(id);
    if (!entry) return undefined;
    const { skill } = entry;
    const record: ArchiveRecord = {
      ...archivedSkillOf(skill, new Date().toISOString(), options.reason),
      folder: entry.folder,
    };
    const place = this.#place(id);
    // Clear leftovers of an earlier archive of this id, write the record, then move the folder:
    // a crash in between leaves the skill live and a record without a folder (ignored).
    await rm(place, { recursive: true, force: true });
    await writeFileAtomic(insideRoot(place, RECORD), JSON.stringify(record), {
      sync: context.sync(),
    });
    await rename(insideRoot(context.directory, entry.folder), insideRoot(place, FOLDER));
    context.entries.delete(id);
    context.entries.catalogDirty = true;
    await context.recordChange({ operation: 'delete', id });
    return publicRecord(record);
  }

  async restore(id: string): Promise<Skill | undefined> {
    const context = this.#context;
    await this.#refresh.now();
    const record = await this.#read(id);
    if (!record) return undefined;
    if (context.entries.has(id))
      throw new ConflictError(`Skill ${id} is live again; it cannot be restored over itself`, {
        skillId: id,
      });
    if (await context.existsOnDisk(record.folder))
      throw new ConflictError(
        `Cannot restore skill ${id}: its folder ${record.folder} is taken by another skill (rename or archive that one first)`,
        { skillId: id, folder: record.folder },
      );
    const place = this.#place(id);
    const target = insideRoot(context.directory, record.folder);
    await mkdir(dirname(target), { recursive: true });
    await rename(insideRoot(place, FOLDER), target);
    const entry = await this.#loader.readFolder({
      folder: record.folder,
      scope: record.scope,
      owner: record.owner,
    });
    context.entries.set(entry);
    context.entries.catalogDirty = true;
    await context.recordChange({
      operation: 'put',
      id,
      folder: record.folder,
      revision: entry.skill.revision,
    });
    await rm(place, { recursive: true, force: true });
    return cloneSkill(entry.skill);
  }

  /** Deletes the archived skills of a user for good, with their history (forget-user). */
  async forgetOwner(owner: string): Promise<string[]> {
    const archived = await this.list({ scope: 'user', owner });
    for (const skill of archived) {
      await removeDirectory(
        this.#place(skill.id),
        insideRoot(this.#context.stateDirectory, 'trash'),
      );
      await this.#context.history.remove(skill.id);
    }
    return archived.map((skill) => skill.id);
  }

  /** Archived skills matching `options`, newest archive first. No lock needed (reads only). */
  async list(options: SkillStoreListOptions): Promise<ArchivedSkill[]> {
    const matches = skillListFilter(options);
    let ids: string[];
    try {
      ids = await readdir(insideRoot(this.#context.stateDirectory, ARCHIVE_DIRECTORY));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const records = await Promise.all(ids.filter(isSafeSkillId).map((id) => this.#read(id)));
    return records
      .filter((record): record is ArchiveRecord => record !== undefined)
      .filter((record) => matches(record as unknown as Skill))
      .map(publicRecord)
      .sort((left, right) => (left.archivedAt < right.archivedAt ? 1 : -1));
  }

  /** The record of an archived skill whose folder is in place, or undefined. */
  async #read(id: string): Promise<ArchiveRecord | undefined> {
    if (!isSafeSkillId(id)) return undefined;
    const place = this.#place(id);
    try {
      const record = asRecord(JSON.parse(await readFile(insideRoot(place, RECORD), 'utf8')));
      if (record?.id !== id) return undefined;
      await stat(insideRoot(place, FOLDER, 'SKILL.md'));
      return record;
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  #place(id: string): string {
    return insideRoot(this.#context.stateDirectory, ARCHIVE_DIRECTORY, id);
  }
}

function publicRecord({ folder: _folder, ...record }: ArchiveRecord): ArchivedSkill {
  return record;
}
