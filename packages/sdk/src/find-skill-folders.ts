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

/** A skill folder found among files held in memory (an upload). */
export interface FileSkillFolder {
  /** Folder path in the upload, POSIX (`''` for the root itself). */
  relativePath: string;
  /** Resource paths relative to the folder, in walk order. */
  resources: string[];
}

/** Why a file of an upload is not part of any skill, or undefined when it may be. */
function ignoredReason(segments: string[]): string | undefined {
  if (segments[0] === '__MACOSX') return 'macOS metadata (not part of a skill)';
  if (segments.some((segment) => segment.startsWith('.')))
    return 'hidden file or folder (not part of a skill)';
  const ignored = segments.find((segment) => IGNORED_DIRECTORIES.has(segment));
  return ignored ? `inside a ${ignored} folder (not part of a skill)` : undefined;
}

/**
 * The skill folders among files given as relative POSIX paths (an upload held in memory), by
 * the rules `findSkillFolders` and `listResourceFiles` apply on disk: a folder with a SKILL.md at
 * most `maxDepth` folders deep is a skill; it holds every file below it down to `maxDepth` more
 * folders, except nested skill folders, hidden files, `node_modules`, `__pycache__` and
 * `vectors`. Unlike the walk on disk, every file left out is reported with the reason.
 */
export function groupSkillFiles(
  paths: Iterable<string>,
  options: { maxDepth: number },
): { folders: FileSkillFolder[]; skipped: SkippedEntry[] } {
  const skipped: SkippedEntry[] = [];
  const candidates: string[][] = [];
  for (const path of paths) {
    const segments = path.split('/');
    const reason = ignoredReason(segments);
    if (reason) skipped.push({ path, reason });
    else candidates.push(segments);
  }
  candidates.sort(bySegments);
  // Skill folders: the folder of each SKILL.md within reach; one inside another is not a skill.
  // Shallowest first, so an outer skill is known before the ones inside it.
  const skillFolders = candidates
    .filter((segments) => segments.at(-1) === 'SKILL.md')
    .map((segments) => segments.slice(0, -1))
    .sort((left, right) => left.length - right.length || bySegments(left, right));
  const found = new Map<string, FileSkillFolder>();
  const nested = new Set<string>();
  for (const folder of skillFolders) {
    const relativePath = folder.join('/');
    if (enclosing(found, folder) !== undefined) nested.add(relativePath);
    else if (folder.length <= options.maxDepth)
      found.set(relativePath, { relativePath, resources: [] });
  }
  // Walk order for the result.
  const folders = new Map(
    [...found.entries()].sort(([left], [right]) => bySegments(left.split('/'), right.split('/'))),
  );
  for (const segments of candidates) {
    const path = segments.join('/');
    const folder = enclosing(folders, segments.slice(0, -1), true);
    if (folder === undefined) {
      skipped.push({
        path,
        reason:
          segments.at(-1) === 'SKILL.md'
            ? `a skill folder more than ${options.maxDepth} folders deep`
            : 'not inside a skill folder',
      });
      continue;
    }
    const resource = segments.slice(folder === '' ? 0 : folder.split('/').length);
    const inner = enclosing(nested, segments.slice(0, -1), true);
    if (inner !== undefined) {
      skipped.push({
        path,
        reason: `inside ${JSON.stringify(inner)}, a skill folder nested in ${JSON.stringify(folder || '.')} (nested skills are not imported)`,
      });
    } else if (resource.join('/') === 'SKILL.md') {
      // The skill's own SKILL.md.
    } else if (resource.length - 1 > options.maxDepth) {
      skipped.push({
        path,
        reason: `more than ${options.maxDepth} folders below its skill folder`,
      });
    } else (folders.get(folder) as FileSkillFolder).resources.push(resource.join('/'));
  }
  return { folders: [...folders.values()], skipped };
}

/** The member of `folders` that is `folder` itself (when `self`) or its closest enclosing folder. */
function enclosing(
  folders: { has(key: string): boolean },
  folder: string[],
  self = false,
): string | undefined {
  for (let length = self ? folder.length : folder.length - 1; length >= 0; length--) {
    const key = folder.slice(0, length).join('/');
    if (folders.has(key)) return key;
  }
  return undefined;
}

/** Walk order: by path segment, so `a/x` comes before `a-b` as in a folder walk. */
function bySegments(left: string[], right: string[]): number {
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const a = left[index] as string;
    const b = right[index] as string;
    if (a !== b) return a < b ? -1 : 1;
  }
  return left.length - right.length;
}
