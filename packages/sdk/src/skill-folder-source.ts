import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import { InvalidArgumentError, MAX_SKILL_MD_BYTES, UnsafePathError } from '@autoskill/core';
import { assertFileNameLengths } from '@autoskill/core/store-kit';
import {
  findSkillFolders,
  groupSkillFiles,
  listResourceFiles,
  type SkippedEntry,
} from './find-skill-folders';

/** One skill folder to import, read from disk or from files held in memory. */
export interface SkillFolderSource {
  /** Path relative to the import root, POSIX (`''` for the root itself). */
  relativePath: string;
  /** The folder's own name (helps turn a non-ASCII title into a name). */
  folderName: string;
  /** SKILL.md, refused before it is read when over `MAX_SKILL_MD_BYTES`. */
  readSkillFile(): Promise<Uint8Array>;
  /** Resource paths relative to the folder, and what was left out with the reason. */
  listResources(): Promise<{ files: string[]; skipped: SkippedEntry[] }>;
  resourceSize(path: string): Promise<number>;
  readResource(path: string): Promise<Uint8Array>;
}

/** The skill folders under `rootDir` on disk (see `findSkillFolders`). */
export async function folderSources(
  rootDir: string,
  options: { maxDepth: number },
): Promise<{ sources: SkillFolderSource[]; skipped: SkippedEntry[] }> {
  const { folders, skipped } = await findSkillFolders(rootDir, options);
  const realRoot = await realpath(rootDir);
  const sources = folders.map(
    (folder): SkillFolderSource => ({
      relativePath: folder.relativePath,
      folderName: basename(folder.directory),
      readSkillFile: async () => readSkillFile(join(folder.directory, 'SKILL.md')),
      listResources: async () =>
        folder.hasResources
          ? listResourceFiles(folder.directory, {
              realRoot,
              maxDepth: options.maxDepth,
              root: rootDir,
            })
          : { files: [], skipped: [] },
      resourceSize: async (path) => (await stat(join(folder.directory, path))).size,
      readResource: async (path) => new Uint8Array(await readFile(join(folder.directory, path))),
    }),
  );
  return { sources, skipped };
}

/**
 * The skill folders among files held in memory (relative POSIX path → bytes), e.g. an upload:
 * nothing is written anywhere before the store. A path that leads out of the upload (`..`,
 * absolute, `\`) throws `UnsafePathError` for the whole import; hidden and stray files are
 * reported in `skipped` (see `groupSkillFiles`).
 */
export function memorySources(
  files: Record<string, Uint8Array>,
  options: { maxDepth: number },
): { sources: SkillFolderSource[]; skipped: SkippedEntry[] } {
  if (typeof files !== 'object' || files === null)
    throw new InvalidArgumentError('files', 'must be an object of relative path → bytes');
  for (const [path, bytes] of Object.entries(files)) {
    assertUploadPath(path);
    if (!(bytes instanceof Uint8Array))
      throw new InvalidArgumentError('files', `${JSON.stringify(path)} must be a Uint8Array`);
  }
  const { folders, skipped } = groupSkillFiles(Object.keys(files), options);
  const sources = folders.map((folder): SkillFolderSource => {
    const at = (path: string) => (folder.relativePath ? `${folder.relativePath}/${path}` : path);
    const bytesOf = (path: string) => files[at(path)] as Uint8Array;
    return {
      relativePath: folder.relativePath,
      folderName: posix.basename(folder.relativePath),
      readSkillFile: async () => {
        const bytes = bytesOf('SKILL.md');
        assertSkillFileSize(bytes.byteLength);
        return bytes;
      },
      listResources: async () => ({ files: folder.resources, skipped: [] }),
      resourceSize: async (path) => bytesOf(path).byteLength,
      readResource: async (path) => bytesOf(path),
    };
  });
  return { sources, skipped };
}

/** Refuses a path that could lead out of an upload; hidden files pass (they are skipped later). */
function assertUploadPath(path: string): void {
  const refuse = (reason: string) => {
    throw new UnsafePathError('file path', path, reason);
  };
  if (typeof path !== 'string' || path === '') refuse('must be a non-empty string');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\0-\x1f]/.test(path)) refuse('contains a control character');
  if (path.includes('\\')) refuse('use "/" as the separator');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) refuse('must be relative');
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    refuse('empty, "." and ".." segments are not allowed');
  assertFileNameLengths(path);
}

function assertSkillFileSize(size: number): void {
  if (size > MAX_SKILL_MD_BYTES)
    throw new InvalidArgumentError(
      'SKILL.md',
      `is ${size} bytes, over the ${MAX_SKILL_MD_BYTES}-byte limit`,
    );
}

/**
 * Reads a SKILL.md, refusing one over the size limit before reading it. Synchronous on purpose:
 * for a file this small the syscalls cost less main-thread time than four thread-pool round trips.
 */
function readSkillFile(path: string): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    assertSkillFileSize(fstatSync(descriptor).size);
    return readFileSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
