import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  AutoSkillError,
  assertSafeLibraryName,
  assertSafeRelativePath,
  assertSafeUserId,
  createSkillId,
  InvalidArgumentError,
  isUuid,
  MAX_SKILL_MD_BYTES,
  normalizeSkillDocument,
  parseSkillMarkdown,
  type Skill,
  type SkillFile,
  type SkillPutInput,
  type SkillScope,
  type SkillStore,
  type SkillStorePutManyOutcome,
  type SkillStorePutOptions,
} from '@autoskill/core';
import {
  type FoundSkillFolder,
  findSkillFolders,
  listResourceFiles,
  type SkippedEntry,
} from './find-skill-folders';
import type { Logger } from './logger';

export interface ImportOptions {
  /** Folder to import from: every `**\/SKILL.md` folder under it (the folder itself may be one skill). */
  rootDir: string;
  /** `user` (default) or `common` (the shared library). */
  scope?: SkillScope;
  /** Owner for `user` scope (required there). */
  userId?: string;
  /** Library name for `common` scope (default: the root folder's name). */
  library?: string;
  /** Replace skills with the same id already in the store (default true). */
  overwrite?: boolean;
  /** Copy resource files (scripts/, references/, assets/, …) too (default true). */
  includeFiles?: boolean;
  /** Largest resource file copied (default 1 MB); bigger ones are skipped and reported. */
  maxFileBytes?: number;
  /** How deep to look for SKILL.md folders (default 6). */
  maxDepth?: number;
  /** Called with each batch of written skills (the SDK indexes them while the next batch is read). */
  onWritten?: (skills: Skill[]) => Promise<void>;
  /** Called after each folder, for progress bars. */
  onProgress?: (progress: { done: number; total: number; path: string; ok: boolean }) => void;
}

export interface ImportResult {
  imported: Skill[];
  /** Folders (or files) that were not imported, with the reason. The run never aborts on one. */
  skipped: SkippedEntry[];
  /** Non-fatal notes: a resource too large, an id reassigned. */
  warnings: string[];
  total: number;
  elapsedMs: number;
}

const MAX_FILES_PER_SKILL = 200;

export async function importAgentSkillDirs(
  store: SkillStore,
  options: ImportOptions,
  logger: Logger,
): Promise<ImportResult> {
  const started = performance.now();
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'must be an object');
  if (typeof options.rootDir !== 'string' || options.rootDir === '')
    throw new InvalidArgumentError('rootDir', 'must be a folder path');
  const scope = options.scope ?? 'user';
  if (scope !== 'user' && scope !== 'common')
    throw new InvalidArgumentError('scope', 'must be "user" or "common"');
  const rootDir = resolve(options.rootDir);
  const rootInfo = await stat(rootDir).catch(() => undefined);
  if (!rootInfo?.isDirectory())
    throw new InvalidArgumentError('rootDir', `${JSON.stringify(options.rootDir)} is not a folder`);
  let owner: string;
  if (scope === 'user') {
    if (options.userId === undefined)
      throw new InvalidArgumentError('userId', 'is required to import into a user scope');
    assertSafeUserId(options.userId);
    owner = options.userId;
  } else {
    owner = options.library ?? libraryNameForFolder(rootDir);
    assertSafeLibraryName(owner);
  }
  const maxFileBytes = options.maxFileBytes ?? 1_000_000;
  const maxDepth = options.maxDepth ?? 6;
  if (!Number.isInteger(maxFileBytes) || maxFileBytes < 1)
    throw new InvalidArgumentError('maxFileBytes', 'must be a positive integer');
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 32)
    throw new InvalidArgumentError('maxDepth', 'must be an integer from 0 to 32');

  const { folders, skipped } = await findSkillFolders(rootDir, { maxDepth });
  const realRoot = await realpath(rootDir);
  const imported: Skill[] = [];
  const warnings: string[] = [];
  const seenIds = new Set<string>();
  let done = 0;
  // One listing instead of a store lookup per folder.
  const known = new Map((await store.list({ scope: 'all' })).map((skill) => [skill.id, skill]));
  // Prepare (read + parse) a chunk, then write it in one store call: one lock hold per chunk.
  // Pipeline: chunk N+1 is read and parsed while chunk N is written (the store is I/O-bound).
  const prepareChunk = async (chunk: typeof folders) => {
    // Reading and parsing overlap their I/O; ids are checked in folder order afterwards.
    const prepared: Array<{ label: string; item?: PreparedPut; error?: string }> =
      await Promise.all(
        chunk.map(async (folder) => {
          const label = folder.relativePath || '.';
          try {
            const item = await prepareOne(known, folder, {
              rootDir,
              realRoot,
              scope,
              owner,
              overwrite: options.overwrite ?? true,
              includeFiles: options.includeFiles ?? true,
              maxFileBytes,
              maxDepth,
              seenIds,
              warn: (message) => warnings.push(`${label}: ${message}`),
            });
            return item
              ? { label, item }
              : { label, error: 'a skill with this id already exists (overwrite is off)' };
          } catch (error) {
            return { label, error: describe(error) };
          }
        }),
      );
    for (const entry of prepared) {
      if (!entry.item) continue;
      if (seenIds.has(entry.item.input.id)) {
        warnings.push(
          `${entry.label}: id ${entry.item.input.id} is already used by another skill; a new id was assigned`,
        );
        entry.item.input.id = createSkillId();
        delete entry.item.options.expectedRevision;
      }
      seenIds.add(entry.item.input.id);
    }
    return prepared;
  };
  let indexing: Promise<void> = Promise.resolve();
  let indexFailure: unknown;
  const writeChunk = async (
    prepared: Array<{ label: string; item?: PreparedPut; error?: string }>,
  ) => {
    const toWrite = prepared.filter((entry) => entry.item);
    const written: SkillStorePutManyOutcome[] = store.putMany
      ? await store.putMany(
          toWrite.map((entry) => entry.item as PreparedPut),
          { sync: false, concurrency: 32 },
        )
      : await Promise.all(
          toWrite.map(async (entry) => {
            try {
              return {
                skill: await store.put(entry.item?.input as SkillPutInput, entry.item?.options),
              };
            } catch (error) {
              return { error: error as Error };
            }
          }),
        );
    let writeIndex = 0;
    for (const entry of prepared) {
      let ok = false;
      if (entry.item) {
        const outcome = written[writeIndex++];
        if (outcome && 'skill' in outcome) {
          imported.push(outcome.skill);
          ok = true;
        } else skipped.push({ path: entry.label, reason: describe(outcome?.error) });
      } else skipped.push({ path: entry.label, reason: entry.error ?? 'not imported' });
      done++;
      options.onProgress?.({ done, total: folders.length, path: entry.label, ok });
    }
    const fresh = imported.slice(
      imported.length - written.filter((outcome) => 'skill' in outcome).length,
    );
    // Indexing (CPU) runs while the next chunk's files are written (I/O), in chunk order.
    if (options.onWritten && fresh.length > 0) {
      const onWritten = options.onWritten;
      indexing = indexing
        .then(() => (indexFailure === undefined ? onWritten(fresh) : undefined))
        .catch((error: unknown) => {
          indexFailure ??= error;
        });
    }
  };
  let writing: Promise<void> = Promise.resolve();
  for (let start = 0; start < folders.length; start += IMPORT_CHUNK) {
    const prepared = await prepareChunk(folders.slice(start, start + IMPORT_CHUNK));
    await writing;
    if (indexFailure !== undefined) break;
    writing = writeChunk(prepared);
  }
  await writing;
  await indexing;
  if (indexFailure !== undefined) throw indexFailure;
  if (skipped.length)
    logger.warn(`import skipped ${skipped.length} of ${folders.length} folder(s)`);
  return {
    imported,
    skipped,
    warnings,
    total: folders.length,
    elapsedMs: performance.now() - started,
  };
}

type PreparedPut = { input: SkillPutInput; options: SkillStorePutOptions };
const IMPORT_CHUNK = 128;

async function prepareOne(
  known: Map<string, Skill>,
  folder: FoundSkillFolder,
  context: {
    rootDir: string;
    realRoot: string;
    scope: SkillScope;
    owner: string;
    overwrite: boolean;
    includeFiles: boolean;
    maxFileBytes: number;
    maxDepth: number;
    seenIds: Set<string>;
    warn: (message: string) => void;
  },
): Promise<PreparedPut | undefined> {
  const { directory } = folder;
  const skillFile = join(directory, 'SKILL.md');
  const bytes = readSkillFile(skillFile);
  if (bytes.includes(0))
    throw new InvalidArgumentError('SKILL.md', 'contains a NUL byte (binary or corrupt file)');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // The spec requires a name; the folder name only helps turn a non-ASCII title into a slug.
  const hasName = /^name[ \t]*:[ \t]*\S/m.test(text.split(/^---[ \t]*$/m)[1] ?? '');
  const parsed = parseSkillMarkdown(text, {
    path: skillFile,
    ...(hasName ? { folderName: basename(directory) } : {}),
  });
  const document = normalizeSkillDocument(parsed);

  let id = document.id;
  if (!isUuid(id)) {
    if (id) context.warn(`id ${JSON.stringify(id)} is not a UUID; a new id was assigned`);
    id = createSkillId();
  }
  const existing = known.get(id);
  if (
    context.seenIds.has(id) ||
    (existing && (existing.scope !== context.scope || existing.owner !== context.owner))
  ) {
    context.warn(`id ${id} is already used by another skill; a new id was assigned`);
    id = createSkillId();
  } else if (existing && !context.overwrite) {
    return undefined;
  }

  const files: SkillFile[] = [];
  if (context.includeFiles && folder.hasResources) {
    const listing = await listResourceFiles(directory, {
      realRoot: context.realRoot,
      maxDepth: context.maxDepth,
      root: context.rootDir,
    });
    for (const entry of listing.skipped) context.warn(`${entry.path} skipped: ${entry.reason}`);
    for (const path of listing.files) {
      if (files.length >= MAX_FILES_PER_SKILL) {
        context.warn(`more than ${MAX_FILES_PER_SKILL} resource files; the rest were skipped`);
        break;
      }
      try {
        assertSafeRelativePath(path);
      } catch (error) {
        context.warn(`${path} skipped: ${describe(error)}`);
        continue;
      }
      const fileInfo = await stat(join(directory, path));
      if (fileInfo.size > context.maxFileBytes) {
        context.warn(
          `${path} skipped: ${fileInfo.size} bytes is over the ${context.maxFileBytes}-byte limit`,
        );
        continue;
      }
      files.push({ path, content: new Uint8Array(await readFile(join(directory, path))) });
    }
  }
  const now = new Date().toISOString();
  return {
    input: {
      ...document,
      id,
      scope: context.scope,
      owner: context.owner,
      createdAt: document.createdAt ?? now,
      updatedAt: document.updatedAt ?? now,
    },
    options: {
      files,
      replaceFiles: true,
      reason: 'import',
      ...(existing && existing.id === id ? { expectedRevision: existing.revision } : {}),
    },
  };
}

/**
 * Reads a SKILL.md, refusing one over the size limit before reading it. Synchronous on purpose:
 * for a file this small the syscalls cost less main-thread time than four thread-pool round trips.
 */
function readSkillFile(path: string): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const { size } = fstatSync(descriptor);
    if (size > MAX_SKILL_MD_BYTES)
      throw new InvalidArgumentError(
        'SKILL.md',
        `is ${size} bytes, over the ${MAX_SKILL_MD_BYTES}-byte limit`,
      );
    return readFileSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** The library name an import of `directory` into the shared library uses by default: its folder name, made safe. */
export function libraryNameForFolder(directory: string): string {
  const cleaned = basename(resolve(directory))
    .replace(/[^\p{L}\p{N}._@-]+/gu, '-')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .slice(0, 64);
  return cleaned || 'library';
}

function describe(error: unknown): string {
  if (AutoSkillError.isInstance(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
