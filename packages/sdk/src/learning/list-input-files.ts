import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InvalidArgumentError } from '@autoskill/core';

/** Files read from one directory at most, so a wrong path (`/`) fails fast instead of walking the disk. */
export const MAX_INPUT_FILES = 10_000;
const MAX_DEPTH = 8;
const EXTENSIONS = new Set(['.json', '.jsonl']);

/**
 * The JSON / JSONL files to learn from: the file itself, or every `.json` / `.jsonl` file under a
 * directory (recursively, sorted by path; hidden entries and `node_modules` are skipped).
 */
export async function listInputFiles(path: string, what = 'file'): Promise<string[]> {
  if (typeof path !== 'string' || path.trim() === '')
    throw new InvalidArgumentError(what, 'must be a non-empty path');
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new InvalidArgumentError(what, `${JSON.stringify(path)} does not exist`);
  }
  if (info.isFile()) return [path];
  if (!info.isDirectory())
    throw new InvalidArgumentError(what, `${JSON.stringify(path)} is neither a file nor a folder`);
  const files: string[] = [];
  await walk(path, 0, files, what);
  return files.sort();
}

async function walk(directory: string, depth: number, files: string[], what: string) {
  if (depth > MAX_DEPTH) return;
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch {
    return; // An unreadable folder inside is skipped, like the original's loader.
  }
  for (const entry of entries.sort((left, right) => left.name.localeCompare(right.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, depth + 1, files, what);
    else if (entry.isFile() && EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      if (files.length >= MAX_INPUT_FILES)
        throw new InvalidArgumentError(
          what,
          `more than ${MAX_INPUT_FILES} .json/.jsonl files under ${JSON.stringify(directory)}; point at a smaller folder`,
        );
      files.push(path);
    }
  }
}
