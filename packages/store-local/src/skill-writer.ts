import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import {
  assertSkillName,
  InvalidArgumentError,
  MAX_SKILL_MD_BYTES,
  renderSkillMarkdown,
  type Skill,
  type SkillPutInput,
  type SkillScope,
  type SkillStorePutOptions,
} from '@autoskill/core';
import {
  assertNoFileFolderClash,
  checkExpectedRevision,
  highestVersion,
  prepareDocument,
  type ResourceFile,
  uniqueSkillName,
  validateFiles,
  validatePlace,
  validateSkillId,
} from '@autoskill/core/store-kit';
import { errorCode } from './atomic-file';
import type { JournalRefresh } from './journal-refresh';
import { pendingRevision } from './pending-revision';
import {
  type CheckedPut,
  type HistoryLine,
  journalChangeOf,
  type PlannedWrite,
} from './planned-write';
import { cloneSkill, type SkillEntry } from './skill-entry-table';
import type { SkillFolderLoader } from './skill-folder-loader';
import { type RevisionRecord, removeDirectory, sha256 } from './skill-history';
import type { StoreContext } from './store-context';
import { COMMON_DIRECTORY, COMMON_OWNER, insideRoot, USERS_DIRECTORY } from './store-paths';
import { writeSkillFolder } from './write-skill-folder';

/**
 * Writes and deletes skills (callers hold the store lock): re-reads what another process or a
 * hand edit changed, picks a free folder name, writes resource blobs, the folder and the history
 * line (which commits the revision), then updates the entry table and the journal.
 */
export class SkillWriter {
  readonly #context: StoreContext;
  readonly #loader: SkillFolderLoader;
  readonly #refresh: JournalRefresh;

  constructor(context: StoreContext, loader: SkillFolderLoader, refresh: JournalRefresh) {
    this.#context = context;
    this.#loader = loader;
    this.#refresh = refresh;
  }

  /** Every check of a put that needs no I/O. Throws the typed error of the first problem. */
  check(input: SkillPutInput, options: SkillStorePutOptions): CheckedPut {
    if (typeof options !== 'object' || options === null)
      throw new InvalidArgumentError('put options', 'must be an object');
    const place = validatePlace(input);
    const id = validateSkillId(input.id);
    assertSkillName(input.name);
    const files = validateFiles(options.files, this.#context.options.maxFileBytes);
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

  /** Writes one checked put. Call under the store lock. */
  async put(put: CheckedPut): Promise<Skill> {
    const reserved: string[] = [];
    try {
      return await this.apply(await this.plan(put, reserved));
    } finally {
      this.#context.entries.release(reserved);
    }
  }

  /**
   * Everything a put decides before it writes (call under the store lock): re-reads the skill,
   * checks `expectedRevision`, picks a free folder name (reserved in the entry table: the caller
   * passes `reserved` to `entries.release` when done) and prepares SKILL.md, the resources and
   * the history lines. Writes nothing except history blobs of a pending hand edit.
   */
  async plan(put: CheckedPut, reserved: string[]): Promise<PlannedWrite> {
    const { entries } = this.#context;
    const { id, scope, owner, options } = put;
    await this.#refresh.now();
    const existing = await this.#recheck(entries.get(id));
    checkExpectedRevision(id, options.expectedRevision, existing?.skill.revision ?? 0);

    const sameOwner = existing && existing.skill.scope === scope && existing.skill.owner === owner;
    const parent = sameOwner
      ? posix.dirname(existing.folder)
      : await this.#ownerFolder(scope, owner);
    const name = await uniqueSkillName(put.input.name, async (candidate) => {
      const folder = `${parent}/${candidate}`;
      if (existing?.folder === folder) return false;
      if (entries.takenByAnother(id, put, folder, candidate)) return true;
      if (await this.#context.existsOnDisk(folder)) return true;
      // Concurrent puts (putMany) check again after the await and reserve the folder and name
      // before any other await can interleave.
      if (entries.takenByAnother(id, put, folder, candidate)) return true;
      reserved.push(...entries.reserve(put, folder, candidate));
      return false;
    });
    return this.#planWrite(put, existing, `${parent}/${name}`, name);
  }

  /**
   * Writes a planned put: resource blobs, the folder (SKILL.md last), the history line that
   * commits the revision, the journal line; then updates the entry table.
   */
  async apply(plan: PlannedWrite): Promise<Skill> {
    const context = this.#context;
    const { id } = plan.put;
    // Resource blobs first (unreferenced blobs are harmless), then the folder, then the history
    // line, which commits the revision.
    for (const file of plan.writes) await context.history.writeBlob(id, file.content, file.hash);
    await writeSkillFolder(
      {
        root: context.directory,
        realRoot: context.realRoot,
        sync: context.sync(),
        logger: context.options.logger,
        readPrevious: (hash) => context.history.readBlob(id, hash),
        ...(context.batch ? { checkedParents: context.batch.checkedParents } : {}),
      },
      {
        from: plan.existing?.folder,
        to: plan.folder,
        markdown: plan.markdown,
        writes: plan.writes,
        removals: plan.removals,
        previousFiles: plan.previousFiles,
      },
    );
    for (const [index, line] of plan.lines.entries()) {
      await context.history.append(id, line.record, line.text, {
        fresh: plan.freshHistory && index === 0,
      });
    }
    await context.recordChange(journalChangeOf(plan));
    return this.commitEntry(plan);
  }

  /** Puts a written plan into the entry table; returns the stored skill. */
  commitEntry(plan: PlannedWrite): Skill {
    const { scope, owner } = plan.put;
    const skill: Skill = {
      ...plan.document,
      scope,
      owner,
      files: Object.keys(plan.record.files),
      revision: plan.record.revision,
    };
    this.#context.entries.set({
      skill,
      folder: plan.folder,
      markdownHash: plan.record.markdown,
      head: {
        revision: plan.record.revision,
        markdown: plan.record.markdown,
        files: Object.keys(plan.record.files),
      },
      records: [...plan.records, plan.record],
      pending: false,
    });
    this.#context.entries.catalogDirty = true;
    return cloneSkill(skill);
  }

  /** Deletes a skill with its history. Call under the store lock. */
  async delete(id: string): Promise<boolean> {
    const context = this.#context;
    await this.#refresh.now();
    const entry = context.entries.get(id);
    if (!entry) return false;
    await removeDirectory(
      insideRoot(context.directory, entry.folder),
      join(context.stateDirectory, 'trash'),
    );
    await context.history.remove(id);
    context.entries.delete(id);
    await context.recordChange({ operation: 'delete', id });
    return true;
  }

  async #planWrite(
    put: CheckedPut,
    existing: SkillEntry | undefined,
    folder: string,
    name: string,
  ): Promise<PlannedWrite> {
    const context = this.#context;
    const { input, scope, owner, id, options } = put;
    const at = new Date().toISOString();
    const knownVersions = existing
      ? [
          ...(await context.records(existing)).map((record) => record.version),
          existing.skill.version,
        ]
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
    const records = existing ? [...(await context.records(existing))] : [];
    const freshHistory = records.length === 0;
    const lines: HistoryLine[] = [];
    if (existing?.pending) {
      const snapshot = await pendingRevision(context, existing, { copyToHistory: true });
      lines.push(snapshot);
      records.push(snapshot.record);
    }
    const { files, replaceFiles } = await this.#resourcesToWrite(put, records);
    const finalPaths = new Set(replaceFiles ? [] : (existing?.skill.files ?? []));
    for (const file of files) finalPaths.add(file.path);
    const { maxFiles } = context.options;
    if (finalPaths.size > maxFiles) {
      throw new InvalidArgumentError(
        'files',
        `a skill holds at most ${maxFiles} resource files (got ${finalPaths.size})`,
      );
    }
    assertNoFileFolderClash(finalPaths);
    const previousFiles = records.at(-1)?.files ?? {};
    const hashes = new Map<string, string>();
    for (const file of files) hashes.set(file.path, sha256(file.content));
    const finalFiles: Record<string, string> = {};
    for (const path of [...finalPaths].sort()) {
      const hash = hashes.get(path) ?? previousFiles[path];
      if (hash) finalFiles[path] = hash;
    }
    const record: RevisionRecord = {
      revision: (records.at(-1)?.revision ?? 0) + 1,
      version: document.version,
      savedAt: at,
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      ...(options.restoredFrom === undefined ? {} : { restoredFrom: options.restoredFrom }),
      scope,
      owner,
      name,
      markdown: sha256(markdown),
      files: finalFiles,
    };
    lines.push({ record, text: markdown });
    return {
      put,
      existing,
      folder,
      document,
      markdown,
      records,
      record,
      lines,
      freshHistory,
      // Only resources whose content changed are written (blob and file).
      writes: files
        .filter((file) => hashes.get(file.path) !== previousFiles[file.path])
        .map((file) => ({ ...file, hash: hashes.get(file.path) as string })),
      removals: (existing?.skill.files ?? []).filter((path) => !(path in finalFiles)),
      previousFiles,
    };
  }

  /**
   * The resources a put writes: the given files, or, for a rollback without explicit files, the
   * resources of the restored revision (which then replace the current ones).
   */
  async #resourcesToWrite(
    put: CheckedPut,
    records: RevisionRecord[],
  ): Promise<{ files: ResourceFile[]; replaceFiles: boolean }> {
    const { id, options } = put;
    if (options.restoredFrom === undefined || options.files !== undefined) {
      return { files: put.files, replaceFiles: options.replaceFiles === true };
    }
    const source = records.find((item) => item.revision === options.restoredFrom);
    if (!source) {
      throw new InvalidArgumentError(
        'restoredFrom',
        `skill ${id} has no revision ${options.restoredFrom}`,
      );
    }
    const files = await Promise.all(
      Object.entries(source.files).map(async ([path, hash]) => ({
        path,
        content: new Uint8Array(await this.#context.history.readBlob(id, hash)),
      })),
    );
    return { files, replaceFiles: true };
  }

  /** Folder of an owner; refuses a library whose folder is itself a Common skill. */
  async #ownerFolder(scope: SkillScope, owner: string): Promise<string> {
    if (scope === 'user') return `${USERS_DIRECTORY}/${owner}`;
    if (owner === COMMON_OWNER) return COMMON_DIRECTORY;
    const folder = `${COMMON_DIRECTORY}/${owner}`;
    if (await this.#context.existsOnDisk(`${folder}/SKILL.md`)) {
      throw new InvalidArgumentError(
        'library name',
        `${JSON.stringify(owner)} is already the folder of a Common skill`,
      );
    }
    return folder;
  }

  /** Re-reads the SKILL.md behind a cached entry so a hand edit is never overwritten unseen. */
  async #recheck(entry: SkillEntry | undefined): Promise<SkillEntry | undefined> {
    if (!entry) return undefined;
    const { entries } = this.#context;
    let bytes: Buffer;
    try {
      bytes = await readFile(insideRoot(this.#context.directory, entry.folder, 'SKILL.md'));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      entries.delete(entry.skill.id);
      return undefined;
    }
    if (sha256(bytes) === entry.markdownHash) return entry;
    const reloaded = await this.#loader.readFolder({
      folder: entry.folder,
      scope: entry.skill.scope,
      owner: entry.skill.owner,
    });
    entries.delete(entry.skill.id);
    if (reloaded.skill.id !== entry.skill.id) {
      if (reloaded.skill.id !== '' && !entries.has(reloaded.skill.id)) entries.set(reloaded);
      return undefined;
    }
    entries.set(reloaded);
    return reloaded;
  }
}
