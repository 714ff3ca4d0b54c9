import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  assertSafeLibraryName,
  assertSafeUserId,
  InvalidArgumentError,
  type Skill,
  type SkillScope,
  type SkillStore,
  type SkillStorePutManyItem,
  type SkillStorePutManyOutcome,
} from '@autoskill/core';
import type { SkippedEntry } from './find-skill-folders';
import type { Logger } from './logger';
import { folderSources, memorySources, type SkillFolderSource } from './skill-folder-source';
import { KnownSkills } from './skill-identity';
import {
  describe,
  type FolderOutcome,
  type ImportContext,
  labelOf,
  type PreparedFolder,
  prepareFolder,
  resolveFolder,
} from './skill-import';

export interface ImportOptions {
  /** Folder to import from: every `**\/SKILL.md` folder under it (the folder itself may be one skill). */
  rootDir?: string;
  /**
   * Instead of `rootDir`: the files of the folders, held in memory (relative POSIX path → bytes,
   * e.g. an upload). Nothing is written anywhere but the store; a path leading out (`..`,
   * absolute) throws; hidden and stray files are reported in `skipped`.
   */
  files?: Record<string, Uint8Array>;
  /** `user` (default) or `common` (the shared library). */
  scope?: SkillScope;
  /** Owner for `user` scope (required there). */
  userId?: string;
  /** Library name for `common` scope (default: the root folder's name; required with `files`). */
  library?: string;
  /** Replace skills already in the store that a folder matches (default true). */
  overwrite?: boolean;
  /** Copy resource files (scripts/, references/, assets/, …) too (default true). */
  includeFiles?: boolean;
  /** Largest resource file copied (default 1 MB); bigger ones are skipped and reported. */
  maxFileBytes?: number;
  /** How deep to look for SKILL.md folders (default 6). */
  maxDepth?: number;
  /**
   * Write every skill or none (default: true with `files`, false with `rootDir`). All folders are
   * read and checked first, then written in one `putAll` of the store: a crash part-way leaves
   * all of them or none once the store opens again. A store without `putAll` writes them one by
   * one (a warning says so). Without it, skills are written in chunks as they are read.
   */
  atomic?: boolean;
  /** Called with each batch of written skills (the SDK indexes them while the next batch is read). */
  onWritten?: (skills: Skill[]) => Promise<void>;
  /** Called after each folder, for progress bars. */
  onProgress?: (progress: { done: number; total: number; path: string; ok: boolean }) => void;
}

export interface ImportResult {
  /** Every skill the folders are now in the store as — written now, or already there unchanged. */
  imported: Skill[];
  /**
   * The part of `imported` that was already in the store with the same content: nothing was
   * written for them (no new revision). Importing the same folders again lists them all here.
   */
  unchanged: Skill[];
  /** Folders (or files) that were not imported, with the reason. The run never aborts on one. */
  skipped: SkippedEntry[];
  /** Non-fatal notes: a resource too large, an id not usable. */
  warnings: string[];
  total: number;
  elapsedMs: number;
}

/**
 * Imports Agent Skill folders (from disk or from memory) into `store`. Folders are matched to the
 * skills already there by id, or by scope + owner + name when the SKILL.md has no usable id, so
 * importing the same folders again changes nothing and changed content becomes a new revision of
 * the same skill (docs/decisions/2026-12-01-import-rules.md).
 */
export async function importAgentSkillDirs(
  store: SkillStore,
  options: ImportOptions,
  logger: Logger,
): Promise<ImportResult> {
  const started = performance.now();
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'must be an object');
  const fromFiles = options.files !== undefined;
  if (fromFiles === (options.rootDir !== undefined))
    throw new InvalidArgumentError('rootDir', 'give either rootDir (a folder) or files, not both');
  if (!fromFiles && (typeof options.rootDir !== 'string' || options.rootDir === ''))
    throw new InvalidArgumentError('rootDir', 'must be a folder path');
  const scope = options.scope ?? 'user';
  if (scope !== 'user' && scope !== 'common')
    throw new InvalidArgumentError('scope', 'must be "user" or "common"');
  const rootDir = fromFiles ? undefined : resolve(options.rootDir as string);
  if (rootDir !== undefined && !(await stat(rootDir).catch(() => undefined))?.isDirectory())
    throw new InvalidArgumentError('rootDir', `${JSON.stringify(options.rootDir)} is not a folder`);
  let owner: string;
  if (scope === 'user') {
    if (options.userId === undefined)
      throw new InvalidArgumentError('userId', 'is required to import into a user scope');
    assertSafeUserId(options.userId);
    owner = options.userId;
  } else {
    if (options.library === undefined && rootDir === undefined)
      throw new InvalidArgumentError('library', 'is required to import files into the library');
    owner = options.library ?? libraryNameForFolder(rootDir as string);
    assertSafeLibraryName(owner);
  }
  const maxFileBytes = options.maxFileBytes ?? 1_000_000;
  const maxDepth = options.maxDepth ?? 6;
  if (!Number.isInteger(maxFileBytes) || maxFileBytes < 1)
    throw new InvalidArgumentError('maxFileBytes', 'must be a positive integer');
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 32)
    throw new InvalidArgumentError('maxDepth', 'must be an integer from 0 to 32');

  const { sources, skipped } =
    rootDir === undefined
      ? memorySources(options.files as Record<string, Uint8Array>, { maxDepth })
      : await folderSources(rootDir, { maxDepth });
  const warnings: string[] = [];
  const context: ImportContext = {
    store,
    // One listing instead of a store lookup per folder.
    known: new KnownSkills(await store.list({ scope: 'all' })),
    scope,
    owner,
    overwrite: options.overwrite ?? true,
    includeFiles: options.includeFiles ?? true,
    maxFileBytes,
    warn: (label, message) => warnings.push(`${label}: ${message}`),
  };
  const run = new ImportRun(context, options, sources.length);
  if (options.atomic ?? fromFiles) await run.allOrNothing(sources);
  else await run.inChunks(sources);
  skipped.push(...run.skipped);
  if (run.skipped.length)
    logger.warn(`import skipped ${run.skipped.length} of ${sources.length} folder(s)`);
  return {
    imported: run.imported,
    unchanged: run.unchanged,
    skipped,
    warnings,
    total: sources.length,
    elapsedMs: performance.now() - started,
  };
}

type Prepared = { label: string; folder?: PreparedFolder; error?: string };

const IMPORT_CHUNK = 128;

/** One import: reads folders, matches them to skills, writes what changed, reports progress. */
class ImportRun {
  readonly imported: Skill[] = [];
  readonly unchanged: Skill[] = [];
  readonly skipped: SkippedEntry[] = [];
  #done = 0;
  #indexing: Promise<void> = Promise.resolve();
  #indexFailure: { error: unknown } | undefined;

  constructor(
    private readonly context: ImportContext,
    private readonly options: ImportOptions,
    private readonly total: number,
  ) {}

  /**
   * Chunks of 128 folders: chunk N+1 is read and parsed while chunk N is written (one `putMany`,
   * one lock hold per chunk), and indexed while the next one is written.
   */
  async inChunks(sources: SkillFolderSource[]): Promise<void> {
    let writing: Promise<void> = Promise.resolve();
    for (let start = 0; start < sources.length; start += IMPORT_CHUNK) {
      const prepared = await this.#prepare(sources.slice(start, start + IMPORT_CHUNK));
      await writing;
      if (this.#indexFailure) break;
      const outcomes = await this.#resolve(prepared);
      writing = this.#write(outcomes, false);
    }
    await writing;
    await this.#finishIndexing();
  }

  /** Every folder read and checked first, then one `putAll`: all of them or none. */
  async allOrNothing(sources: SkillFolderSource[]): Promise<void> {
    const outcomes: FolderOutcome[] = [];
    for (let start = 0; start < sources.length; start += IMPORT_CHUNK)
      outcomes.push(
        ...(await this.#resolve(await this.#prepare(sources.slice(start, start + IMPORT_CHUNK)))),
      );
    await this.#write(outcomes, true);
    await this.#finishIndexing();
  }

  /** Reads and parses folders; their I/O overlaps. */
  #prepare(sources: SkillFolderSource[]): Promise<Prepared[]> {
    return Promise.all(
      sources.map(async (source) => {
        const label = labelOf(source);
        try {
          return { label, folder: await prepareFolder(source, this.context) };
        } catch (error) {
          return { label, error: describe(error) };
        }
      }),
    );
  }

  /** Matches prepared folders to skills, in folder order (one at a time: claims are ordered). */
  async #resolve(prepared: Prepared[]): Promise<FolderOutcome[]> {
    const outcomes: FolderOutcome[] = [];
    for (const entry of prepared) {
      outcomes.push(
        entry.folder
          ? await resolveFolder(entry.folder, this.context)
          : { kind: 'skip', label: entry.label, reason: entry.error ?? 'not imported' },
      );
    }
    return outcomes;
  }

  async #write(outcomes: FolderOutcome[], atomic: boolean): Promise<void> {
    const { store } = this.context;
    const items = outcomes.flatMap((outcome) => (outcome.kind === 'write' ? [outcome.item] : []));
    let written: SkillStorePutManyOutcome[];
    if (items.length === 0) written = [];
    else if (atomic && store.putAll)
      written = (await store.putAll(items, { sync: false, concurrency: 8 })).map((skill) => ({
        skill,
      }));
    else {
      if (atomic)
        this.context.warn(
          '.',
          'the store cannot write all-or-nothing; skills were written one by one',
        );
      written = await putEach(store, items);
    }
    const fresh: Skill[] = [];
    let index = 0;
    for (const outcome of outcomes) {
      let ok = true;
      if (outcome.kind === 'unchanged') {
        this.imported.push(outcome.skill);
        this.unchanged.push(outcome.skill);
      } else if (outcome.kind === 'skip') {
        this.skipped.push({ path: outcome.label, reason: outcome.reason });
        ok = false;
      } else {
        const result = written[index++];
        if (result && 'skill' in result) {
          this.imported.push(result.skill);
          fresh.push(result.skill);
        } else {
          this.skipped.push({ path: outcome.label, reason: describe(result?.error) });
          ok = false;
        }
      }
      this.#done++;
      this.options.onProgress?.({ done: this.#done, total: this.total, path: outcome.label, ok });
    }
    // Indexing (CPU) runs while the next chunk's files are written (I/O), in chunk order.
    const onWritten = this.options.onWritten;
    if (onWritten && fresh.length > 0) {
      this.#indexing = this.#indexing
        .then(() => (this.#indexFailure ? undefined : onWritten(fresh)))
        .catch((error: unknown) => {
          this.#indexFailure ??= { error };
        });
    }
  }

  async #finishIndexing(): Promise<void> {
    await this.#indexing;
    if (this.#indexFailure) throw this.#indexFailure.error;
  }
}

/** `putMany` when the store has it (one outcome per item), else one `put` per item. */
async function putEach(
  store: SkillStore,
  items: SkillStorePutManyItem[],
): Promise<SkillStorePutManyOutcome[]> {
  if (store.putMany) return store.putMany(items, { sync: false, concurrency: 32 });
  return Promise.all(
    items.map(async (item) => {
      try {
        return { skill: await store.put(item.input, item.options) };
      } catch (error) {
        return { error: error as Error };
      }
    }),
  );
}

/** The library name an import of `directory` into the shared library uses by default: its folder name, made safe. */
export function libraryNameForFolder(directory: string): string {
  const cleaned = basename(resolve(directory))
    .replace(/[^\p{L}\p{N}._@-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 64);
  return cleaned || 'library';
}
