import { readFile } from 'node:fs/promises';
import type { SkillDocument, SkillScope } from '@autoskill/core';

/** A SKILL.md's frontmatter as the catalog keeps it: the body stays in the file. */
export type CatalogDocument = Omit<SkillDocument, 'instructions' | 'examples'> &
  Partial<Pick<SkillDocument, 'instructions' | 'examples'>>;

import { writeFileAtomic } from './atomic-file';

/** The last recorded revision of a skill: its number, SKILL.md hash and resource paths. */
export interface RecordedHead {
  revision: number;
  markdown: string;
  files: string[];
}

/** What the catalog remembers of one skill folder, valid while SKILL.md keeps size, mtime and inode. */
export interface CatalogEntry {
  folder: string;
  scope: SkillScope;
  owner: string;
  size: number;
  mtimeMs: number;
  inode: number;
  markdownHash: string;
  /** Without instructions and examples (catalogs of older versions may still have them). */
  document: CatalogDocument;
  /** Last recorded revision, when there is one. */
  head?: RecordedHead;
  /** Resource files, valid while every directory in `directories` keeps its mtime. */
  files?: string[];
  /** mtime per directory of the folder (`''` = the folder), when it was listed whole. */
  directories?: Record<string, number>;
}

interface CatalogFile {
  format: 1;
  entries: CatalogEntry[];
}

/**
 * `.autoskill/catalog.json`: a cache of parsed SKILL.md files so opening a large store does not
 * parse every file again. Purely derived: a missing or corrupt catalog only costs a full parse,
 * and every entry is checked against the file's size, mtime and inode before use.
 */
export async function readCatalog(path: string): Promise<Map<string, CatalogEntry>> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as CatalogFile;
    if (parsed.format !== 1 || !Array.isArray(parsed.entries)) return new Map();
    return new Map(parsed.entries.map((entry) => [entry.folder, entry]));
  } catch {
    return new Map();
  }
}

/** Replaces the catalog file (no fsync: it is a cache). */
export async function writeCatalog(path: string, entries: CatalogEntry[]): Promise<void> {
  const file: CatalogFile = { format: 1, entries };
  await writeFileAtomic(path, JSON.stringify(file), { sync: false });
}
