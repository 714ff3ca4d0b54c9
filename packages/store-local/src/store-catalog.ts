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
  /** The entry's `contentTags` value (a hash of the fields above), so an open need not hash. */
  tag?: string;
}

/** Where the change journal was read up to when the catalog was saved (entries are at least that new). */
export interface JournalPosition {
  inode: number;
  offset: number;
}

/**
 * 1: every line whole. 2: a line leaves out what repeats another field of it (the recorded head's
 * hash and files when they are the current ones, a title equal to the name) — a seventh less to
 * parse at 100k skills, and one string or array shared in memory instead of two.
 */
const CATALOG_FORMAT = 2;

interface CatalogFile {
  format: 1 | 2;
  entries: CatalogEntry[];
  /** Optional (older catalogs have none): lets a trusted open replay only the newer journal lines. */
  journal?: JournalPosition;
}

/** The catalog as read: entries by folder, and the journal position they reflect. */
export interface Catalog {
  entries: Map<string, CatalogEntry>;
  journal?: JournalPosition;
  /** True when the file is of an older format (worth saving again). */
  outdated?: boolean;
}

/**
 * `.autoskill/catalog.json`: a cache of parsed SKILL.md files so opening a large store does not
 * parse every file again. Purely derived: a missing or corrupt catalog only costs a full parse,
 * and every entry is checked against the file's size, mtime and inode before use.
 */
export async function readCatalog(path: string): Promise<Catalog> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as CatalogFile;
    if ((parsed.format !== 1 && parsed.format !== 2) || !Array.isArray(parsed.entries))
      return { entries: new Map() };
    const entries = new Map<string, CatalogEntry>();
    for (const entry of parsed.entries) {
      if (parsed.format === 2) expandLine(entry);
      entries.set(entry.folder, entry);
    }
    const { journal } = parsed;
    const outdated = parsed.format !== CATALOG_FORMAT;
    return Number.isInteger(journal?.inode) && Number.isInteger(journal?.offset)
      ? { entries, journal, outdated }
      : { entries, outdated };
  } catch {
    return { entries: new Map() };
  }
}

/** Replaces the catalog file (no fsync: it is a cache). */
export async function writeCatalog(
  path: string,
  entries: CatalogEntry[],
  journal?: JournalPosition,
): Promise<void> {
  const file: CatalogFile = {
    format: CATALOG_FORMAT,
    entries: entries.map(compactLine),
    ...(journal ? { journal } : {}),
  };
  await writeFileAtomic(path, JSON.stringify(file), { sync: false });
}

/** A line without the fields that repeat others (format 2). */
function compactLine(entry: CatalogEntry): CatalogEntry {
  const { head, document, files } = entry;
  const line = { ...entry };
  if (head) {
    const compact: Partial<RecordedHead> = { revision: head.revision };
    if (head.markdown !== entry.markdownHash) compact.markdown = head.markdown;
    if (!files || !sameList(head.files, files)) compact.files = head.files;
    line.head = compact as RecordedHead;
  }
  if (document.title === document.name) {
    const { title: _title, ...rest } = document;
    line.document = rest as CatalogDocument;
  }
  return line;
}

/** Fills in what `compactLine` left out, sharing the repeated string and array. */
function expandLine(entry: CatalogEntry): void {
  if (entry.head) {
    entry.head.markdown ??= entry.markdownHash;
    entry.head.files ??= entry.files ?? [];
  }
  if (entry.document && entry.document.title === undefined)
    entry.document.title = entry.document.name;
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}
