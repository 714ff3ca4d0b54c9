import { closeSync, fstat } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SkillScope } from '@autoskill/core';
import { openAsync, writeFileAtomic } from './atomic-file';
import { compactLine, expandLine } from './catalog-line-compaction';
import type { CatalogEntry, CatalogLineToWrite, JournalPosition } from './catalog-types';

export type {
  CatalogDocument,
  CatalogEntry,
  CatalogLineToWrite,
  JournalPosition,
  RecordedHead,
} from './catalog-types';

import {
  CatalogBody,
  type CatalogColumns,
  type CatalogLines,
  EncodedCatalogLines,
  ParsedCatalogLines,
  readRange,
} from './catalog-lines';

/**
 * 1: every line whole. 2: a line leaves out what repeats another field of it (the recorded head's
 * hash and files when they are the current ones, a title equal to the name) — a seventh less to
 * parse at 100k skills, and one string or array shared in memory instead of two. Both are one
 * JSON document in `catalog.json`, read whole. 3 (`catalog.jsonl`): a short first line, a second
 * with every skill's key fields as columns, then one line per skill decoded when that skill is
 * first used (`catalog-lines.ts`), so a large store opens without parsing its catalog.
 */
const CATALOG_FORMAT = 3;

interface CatalogFile {
  format: 1 | 2;
  entries: CatalogEntry[];
  /** Optional (older catalogs have none): lets a trusted open replay only the newer journal lines. */
  journal?: JournalPosition;
}

/** The first line of a format 3 catalog; the second holds the columns (`columnsBytes` long). */
interface CatalogHeader {
  format: typeof CATALOG_FORMAT;
  journal?: JournalPosition;
  columnsBytes: number;
}

/** Longest first line read (it holds the format, the journal position and one length). */
const HEADER_MAX_BYTES = 4096;

/** The catalog as read: its lines, and the journal position they reflect. */
export interface Catalog {
  lines: CatalogLines;
  journal?: JournalPosition;
  /** True when the file is of an older format (worth saving again). */
  outdated?: boolean;
}

const EMPTY: Catalog = { lines: new ParsedCatalogLines([]) };

/**
 * `.autoskill/catalog.jsonl`: a cache of parsed SKILL.md files so opening a large store does not
 * parse every file again (`catalog.json` of older versions is read when there is no other).
 * Purely derived: a missing or corrupt catalog only costs a full parse, and every entry is
 * checked against the file's size, mtime and inode before use (at once, or in the background
 * after a trusted open).
 */
export async function readCatalog(stateDirectory: string): Promise<Catalog> {
  let descriptor: number;
  try {
    descriptor = await openAsync(join(stateDirectory, CATALOG_FILE), 'r');
  } catch {
    return readOlderCatalog(join(stateDirectory, OLDER_CATALOG_FILE));
  }
  let lines: EncodedCatalogLines | undefined;
  try {
    const fileBytes = (await fstatAsync(descriptor)).size;
    const first = readRange(descriptor, 0, Math.min(fileBytes, HEADER_MAX_BYTES));
    const newline = first.indexOf(10);
    if (newline < 0) return EMPTY;
    const header = JSON.parse(first.toString('utf8', 0, newline)) as CatalogHeader;
    const columnsBytes = header?.columnsBytes;
    const bodyStart = newline + 1 + columnsBytes + 1;
    if (
      header?.format !== CATALOG_FORMAT ||
      !Number.isInteger(columnsBytes) ||
      bodyStart > fileBytes
    )
      return EMPTY;
    const columns = JSON.parse(
      readRange(descriptor, newline + 1, columnsBytes).toString('utf8'),
    ) as CatalogColumns;
    const body = new CatalogBody(descriptor, bodyStart, fileBytes - bodyStart);
    lines = EncodedCatalogLines.from(columns ?? {}, body);
    if (!lines) return EMPTY;
    return validPosition(header.journal) ? { lines, journal: header.journal } : { lines };
  } catch {
    return EMPTY;
  } finally {
    // Kept open for the lines read later; closed here when the catalog is not used.
    if (!lines) closeSync(descriptor);
  }
}

async function readOlderCatalog(path: string): Promise<Catalog> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as CatalogFile;
    if ((parsed.format !== 1 && parsed.format !== 2) || !Array.isArray(parsed.entries))
      return EMPTY;
    const byFolder = new Map<string, CatalogEntry>();
    for (const entry of parsed.entries) {
      if (parsed.format === 2) expandLine(entry);
      byFolder.set(entry.folder, entry);
    }
    const lines = new ParsedCatalogLines([...byFolder.values()]);
    const { journal } = parsed;
    return validPosition(journal) ? { lines, journal, outdated: true } : { lines, outdated: true };
  } catch {
    return EMPTY;
  }
}

function validPosition(journal: JournalPosition | undefined): journal is JournalPosition {
  return Number.isInteger(journal?.inode) && Number.isInteger(journal?.offset);
}

/** Replaces the catalog file (no fsync: it is a cache); an older `catalog.json` is removed. */
export async function writeCatalog(
  stateDirectory: string,
  lines: CatalogLineToWrite[],
  journal?: JournalPosition,
): Promise<void> {
  const columns: CatalogColumns = {
    ids: [],
    folders: [],
    places: [],
    place: [],
    tags: [],
    unlisted: [],
    ends: [],
  };
  const placeIndex = new Map<string, number>();
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [row, line] of lines.entries()) {
    let bytes: Uint8Array;
    let key: { id: string; folder: string; scope: SkillScope; owner: string; tag: string };
    if ('raw' in line) {
      bytes = line.raw;
      key = line;
      if (!line.listed) columns.unlisted.push(row);
    } else {
      const { folder, scope, owner, tag, ...rest } = compactLine(line.entry);
      const { id, ...document } = rest.document;
      bytes = Buffer.from(JSON.stringify({ ...rest, document }));
      key = { id, folder, scope, owner, tag: tag ?? '' };
      if (!rest.files || !rest.directories) columns.unlisted.push(row);
    }
    const placeKey = `${key.scope}\0${key.owner}`;
    let at = placeIndex.get(placeKey);
    if (at === undefined) {
      at = columns.places.length;
      placeIndex.set(placeKey, at);
      columns.places.push([key.scope, key.owner]);
    }
    columns.ids.push(key.id);
    columns.folders.push(key.folder);
    columns.place.push(at);
    columns.tags.push(key.tag);
    offset += bytes.byteLength;
    columns.ends.push(offset);
    chunks.push(bytes, NEWLINE);
    offset += 1;
  }
  const encodedColumns = Buffer.from(JSON.stringify(columns));
  const header: CatalogHeader = {
    format: CATALOG_FORMAT,
    ...(journal ? { journal } : {}),
    columnsBytes: encodedColumns.byteLength,
  };
  chunks.unshift(Buffer.from(`${JSON.stringify(header)}\n`), encodedColumns, NEWLINE);
  await writeFileAtomic(join(stateDirectory, CATALOG_FILE), Buffer.concat(chunks), {
    sync: false,
  });
  await rm(join(stateDirectory, OLDER_CATALOG_FILE), { force: true });
}

const NEWLINE = Buffer.from('\n');
const fstatAsync = promisify(fstat);
const CATALOG_FILE = 'catalog.jsonl';
const OLDER_CATALOG_FILE = 'catalog.json';
