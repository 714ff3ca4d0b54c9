import type { SkillDocument, SkillScope } from '@autoskill/core';

/** A SKILL.md's frontmatter as the catalog keeps it: the body stays in the file. */
export type CatalogDocument = Omit<SkillDocument, 'instructions' | 'examples'> &
  Partial<Pick<SkillDocument, 'instructions' | 'examples'>>;

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

/** One line to write: a changed entry (encoded now), or a line read and never decoded (as is). */
export type CatalogLineToWrite =
  | { entry: CatalogEntry }
  | {
      raw: Uint8Array;
      id: string;
      folder: string;
      scope: SkillScope;
      owner: string;
      tag: string;
      listed: boolean;
    };
