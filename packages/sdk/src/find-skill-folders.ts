import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A folder holding a SKILL.md, found under an import root. */
export interface FoundSkillFolder {
  /** Absolute path of the folder. */
  directory: string;
  /** Path relative to the import root, POSIX separators (`''` for the root itself). */
  relativePath: string;
  /** False when the folder holds nothing but SKILL.md (and hidden files): no resources to list. */
  hasResources: boolean;
}

export interface SkippedEntry {
  path: string;
  reason: string;
}

const IGNORED_DIRECTORIES = new Set(['node_modules', '__pycache__', '.git', 'vectors']);

/**
 * Finds every folder containing a SKILL.md under `root` (depth ≤ maxDepth). A folder with a
 * SKILL.md is a leaf. Symlinks are followed only when they stay inside the root; others are
 * reported as skipped, never read.
 */
export async function findSkillFolders(
  root: string,
  options: { maxDepth: number },
): Promise<{ folders: FoundSkillFolder[]; skipped: SkippedEntry[] }> {
  const realRoot = await realpath(root);
  const folders: FoundSkillFolder[] = [];
  const skipped: SkippedEntry[] = [];
  const visited = new Set<string>();

  const isInside = (path: string) => path === realRoot || path.startsWith(realRoot + sep);

  // `realDirectory` is known by the caller: the path itself under the (real) root, or a symlink's target.
  async function visit(directory: string, depth: number, realDirectory = directory): Promise<void> {
    if (visited.has(realDirectory)) return;
    visited.add(realDirectory);
    let dirents: Dirent[];
    try {
      dirents = (await readdir(directory, { withFileTypes: true })).sort(byName);
    } catch (error) {
      skipped.push({
        path: relativePosix(realRoot, directory),
        reason: `cannot read folder: ${(error as Error).message}`,
      });
      return;
    }
    if (dirents.some((entry) => entry.name === 'SKILL.md')) {
      const skillFile = join(directory, 'SKILL.md');
      const info = await lstat(skillFile);
      if (info.isSymbolicLink()) {
        const target = await realpath(skillFile).catch(() => undefined);
        if (!target || !isInside(target)) {
          skipped.push({
            path: relativePosix(realRoot, directory),
            reason: 'SKILL.md is a symlink that leaves the import root',
          });
          return;
        }
      }
      folders.push({
        directory,
        relativePath: relativePosix(realRoot, directory),
        hasResources: dirents.some(
          (entry) =>
            entry.name !== 'SKILL.md' &&
            !entry.name.startsWith('.') &&
            !IGNORED_DIRECTORIES.has(entry.name),
        ),
      });
      return;
    }
    if (depth >= options.maxDepth) return;
    for (const dirent of dirents) {
      const entry = dirent.name;
      if (entry.startsWith('.') || IGNORED_DIRECTORIES.has(entry)) continue;
      const child = join(directory, entry);
      // The entry type comes with the listing; only unknown types (some file systems) need lstat.
      const info =
        dirent.isSymbolicLink() || dirent.isDirectory() || dirent.isFile()
          ? dirent
          : await lstat(child).catch(() => undefined);
      if (!info) continue;
      if (info.isSymbolicLink()) {
        const target = await realpath(child).catch(() => undefined);
        if (!target || !isInside(target)) {
          skipped.push({
            path: relativePosix(realRoot, child),
            reason: 'symlink that leaves the import root',
          });
          continue;
        }
        const targetInfo = await stat(target);
        if (targetInfo.isDirectory()) await visit(child, depth + 1);
        continue;
      }
      if (info.isDirectory()) await visit(child, depth + 1);
    }
  }

  await visit(realRoot, 0);
  return { folders, skipped };
}

/** Lists resource files of a skill folder (everything but SKILL.md, hidden files and nested skills). */
export async function listResourceFiles(
  directory: string,
  options: { maxDepth: number; root: string; realRoot?: string },
): Promise<{ files: string[]; skipped: SkippedEntry[] }> {
  const realRoot = options.realRoot ?? (await realpath(options.root));
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  const isInside = (path: string) => path === realRoot || path.startsWith(realRoot + sep);

  async function visit(current: string, depth: number): Promise<void> {
    const entries = (await readdir(current)).sort();
    if (current !== directory && entries.includes('SKILL.md')) return; // a nested skill is its own skill
    for (const entry of entries) {
      if (entry.startsWith('.') || IGNORED_DIRECTORIES.has(entry)) continue;
      const child = join(current, entry);
      const relativeToSkill = relativePosix(directory, child);
      if (relativeToSkill === 'SKILL.md') continue;
      const info = await lstat(child);
      if (info.isSymbolicLink()) {
        const target = await realpath(child).catch(() => undefined);
        if (!target || !isInside(target)) {
          skipped.push({ path: relativeToSkill, reason: 'symlink that leaves the import root' });
          continue;
        }
        const targetInfo = await stat(target);
        if (targetInfo.isFile()) files.push(relativeToSkill);
        else if (targetInfo.isDirectory() && depth < options.maxDepth)
          await visit(child, depth + 1);
        continue;
      }
      if (info.isDirectory()) {
        if (depth < options.maxDepth) await visit(child, depth + 1);
      } else if (info.isFile()) {
        files.push(relativeToSkill);
      }
    }
  }

  await visit(directory, 0);
  return { files, skipped };
}

function byName(left: Dirent, right: Dirent): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

function relativePosix(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}
