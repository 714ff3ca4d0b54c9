import { type Dirent, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertSafeLibraryName,
  assertSafeUserId,
  type SkillScope,
  type SkillStoreLoadError,
} from '@autoskill/core';
import { errorCode } from './atomic-file';
import {
  COMMON_DIRECTORY,
  COMMON_OWNER,
  realPathInside,
  toPosix,
  USERS_DIRECTORY,
} from './store-paths';

/** A folder holding a SKILL.md, found by the walk. */
export interface FoundSkillFolder {
  /** Relative to the store root, POSIX separators (`Users/alice/release-checklist`). */
  folder: string;
  scope: SkillScope;
  owner: string;
  /** The folder's entries as read by the walk (saves reading it again). */
  entries?: Dirent[];
  /** The folder's mtime taken before `entries` were read. */
  mtimeMs?: number;
  /** The caller said the folder is unchanged since it was cached: it was not read. */
  unchanged?: boolean;
}

/**
 * A file or folder that could not be loaded, with the reason.
 * @deprecated Use `SkillStoreLoadError` from `@autoskill/core` (the same type).
 */
export type StoreLoadError = SkillStoreLoadError;

const SKIPPED = new Set(['node_modules', '__pycache__']);

/** True for folder entries the walk must not enter: hidden, dependency caches, symlinks. */
function isWalkable(entry: Dirent): boolean {
  return entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name);
}

function hasSkillFile(entries: Dirent[]): boolean {
  return entries.some((entry) => entry.name === 'SKILL.md' && entry.isFile());
}

/**
 * Finds every skill folder: `Users/<user>/**`, `Common/<skill>` (owner `Common`) and
 * `Common/<library>/**` (owner `<library>`), at most `maxDepth` levels below the owner folder.
 * A folder with a SKILL.md is a leaf. Symlinked folders are never entered. Sorted by path.
 */
export async function scanSkillFolders(
  root: string,
  options: {
    maxDepth: number;
    /**
     * True for a known skill folder whose listing cannot have changed (its directories kept
     * their mtimes): it is not read, saving one `readdir` per skill when a large store opens.
     */
    unchangedFolder?: (folder: string) => boolean;
  },
): Promise<{ folders: FoundSkillFolder[]; problems: SkillStoreLoadError[] }> {
  const folders: FoundSkillFolder[] = [];
  const problems: SkillStoreLoadError[] = [];

  const walk = async (
    relative: string,
    depth: number,
    scope: SkillScope,
    owner: string,
  ): Promise<void> => {
    if (options.unchangedFolder?.(toPosix(relative))) {
      folders.push({ folder: toPosix(relative), scope, owner, unchanged: true });
      return;
    }
    const mtimeMs = directoryMtime(join(root, relative));
    const entries = await list(join(root, relative));
    if (hasSkillFile(entries)) {
      folders.push({ folder: toPosix(relative), scope, owner, entries, mtimeMs });
      return;
    }
    if (depth >= options.maxDepth) return;
    await Promise.all(
      entries
        .filter(isWalkable)
        .map((entry) => walk(join(relative, entry.name), depth + 1, scope, owner)),
    );
  };

  const users = await list(join(root, USERS_DIRECTORY));
  const common = await list(join(root, COMMON_DIRECTORY));
  await Promise.all([
    ...users.filter(isWalkable).map(async (entry) => {
      try {
        assertSafeUserId(entry.name);
      } catch (error) {
        problems.push({
          path: `${USERS_DIRECTORY}/${entry.name}`,
          message: (error as Error).message,
        });
        return;
      }
      const userFolder = join(USERS_DIRECTORY, entry.name);
      const children = await list(join(root, userFolder));
      await Promise.all(
        children
          .filter(isWalkable)
          .map((child) => walk(join(userFolder, child.name), 1, 'user', entry.name)),
      );
    }),
    ...common.filter(isWalkable).map(async (entry) => {
      const libraryFolder = join(COMMON_DIRECTORY, entry.name);
      if (options.unchangedFolder?.(toPosix(libraryFolder))) {
        folders.push({
          folder: toPosix(libraryFolder),
          scope: 'common',
          owner: COMMON_OWNER,
          unchanged: true,
        });
        return;
      }
      const children = await list(join(root, libraryFolder));
      if (hasSkillFile(children)) {
        folders.push({
          folder: toPosix(libraryFolder),
          scope: 'common',
          owner: COMMON_OWNER,
          entries: children,
        });
        return;
      }
      try {
        assertSafeLibraryName(entry.name);
      } catch (error) {
        problems.push({ path: toPosix(libraryFolder), message: (error as Error).message });
        return;
      }
      await Promise.all(
        children
          .filter(isWalkable)
          .map((child) => walk(join(libraryFolder, child.name), 1, 'common', entry.name)),
      );
    }),
  ]);
  folders.sort((left, right) =>
    left.folder < right.folder ? -1 : left.folder > right.folder ? 1 : 0,
  );
  return { folders, problems };
}

/**
 * Resource files of a skill folder (relative POSIX paths, sorted): every regular file except the
 * root SKILL.md, hidden entries and dependency caches. Symlinked files are listed only when they
 * resolve inside the store; symlinked folders are never entered.
 */
export async function listResourceFiles(
  root: string,
  realRoot: string,
  folder: string,
  topEntries?: Dirent[],
  /**
   * Filled with the mtime of every directory read (`''` = the skill folder), when given; an
   * entry already there (taken before `topEntries` were read) is kept.
   */
  directories?: Record<string, number>,
): Promise<string[]> {
  const files: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    // The mtime before the listing: a change during it then shows as a different mtime later.
    if (directories && directories[relative] === undefined)
      directories[relative] = directoryMtime(join(root, folder, relative)) ?? -1;
    const entries =
      relative === '' && topEntries ? topEntries : await list(join(root, folder, relative));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < 8) await walk(path, depth + 1);
      } else if (entry.isFile()) {
        if (path !== 'SKILL.md') files.push(path);
      } else if (entry.isSymbolicLink() && realPathInside(realRoot, join(root, folder, path))) {
        files.push(path);
      }
    }
  };
  await walk('', 0);
  return files.sort();
}

/** A directory's mtime (ms), or undefined when it is gone. Synchronous: one cheap syscall. */
export function directoryMtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** True when every directory of a cached skill folder still has its recorded mtime. */
export function directoriesUnchanged(
  root: string,
  folder: string,
  directories: Record<string, number>,
): boolean {
  for (const relative in directories) {
    const mtime = directories[relative];
    if (mtime === undefined || mtime < 0) return false;
    if (directoryMtime(join(root, folder, relative)) !== mtime) return false;
  }
  return true;
}

async function list(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
