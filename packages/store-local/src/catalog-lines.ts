import { closeSync, readSync } from 'node:fs';
import type { SkillScope } from '@autoskill/core';
import { expandLine } from './catalog-line-compaction';
import type { CatalogEntry } from './catalog-types';

/**
 * The catalog's lines as a trusted open uses them: each skill's key fields (id, folder, scope,
 * owner, content tag) at once, the rest of its line decoded only when that skill is first used.
 */
export interface CatalogLines {
  readonly size: number;
  id(row: number): string;
  folder(row: number): string;
  scope(row: number): SkillScope;
  owner(row: number): string;
  /** Optional: the number of the line's (scope, owner) pair, so checks of a pair are made once. */
  place?(row: number): number;
  /** The line's content tag, when it has one (older catalogs may not). */
  tag(row: number): string | undefined;
  /** False when the line lacks the resource list and directory mtimes (the folder must be listed). */
  listed(row: number): boolean;
  /** The whole line, or undefined when it cannot be decoded (the caller reads the folder). */
  entry(row: number): CatalogEntry | undefined;
  /** The line as stored, when it can be written again as it is (format 3 only). */
  raw?(row: number): Uint8Array;
  /** The line of the skill in `folder`, whole (full scans). */
  get(folder: string): CatalogEntry | undefined;
  /** Lets go of the file the lines are read from (store close); later decodes fail softly. */
  close?(): void;
}

/**
 * The lines' part of a catalog file, kept open and read one line at a time (a few microseconds
 * each) until something needs all of it: opening a store reads only the first two lines.
 */
export class CatalogBody {
  #descriptor: number | undefined;
  #bytes: Buffer | undefined;
  readonly #start: number;
  readonly byteLength: number;

  constructor(descriptor: number, start: number, byteLength: number) {
    this.#descriptor = descriptor;
    this.#start = start;
    this.byteLength = byteLength;
  }

  /** Bytes `from` … `to` of the lines' part. Throws once closed (the caller treats it as damage). */
  slice(from: number, to: number): Buffer {
    if (this.#bytes) return this.#bytes.subarray(from, to);
    return this.#read(from, to - from);
  }

  /** All of it, read once (a catalog being saved again reads every line). */
  whole(): Buffer {
    if (!this.#bytes) {
      this.#bytes = this.#read(0, this.byteLength);
      this.close();
    }
    return this.#bytes;
  }

  close(): void {
    if (this.#descriptor === undefined) return;
    closeSync(this.#descriptor);
    this.#descriptor = undefined;
  }

  #read(from: number, length: number): Buffer {
    if (this.#descriptor === undefined) throw new Error('the catalog file is closed');
    return readRange(this.#descriptor, this.#start + from, length);
  }
}

/**
 * `length` bytes of an open file from `position`, read on this thread: a catalog line is a few
 * hundred bytes, cheaper than a thread-pool round trip. Throws when the file is shorter.
 */
export function readRange(descriptor: number, position: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = readSync(descriptor, bytes, done, length - done, position + done);
    if (read === 0) throw new Error('the catalog file is shorter than its first lines say');
    done += read;
  }
  return bytes;
}

/** Catalog lines over parsed entries: older catalog formats, and a rescan's view of memory. */
export class ParsedCatalogLines implements CatalogLines {
  readonly #entries: CatalogEntry[];
  #byFolder: Map<string, CatalogEntry> | undefined;

  constructor(entries: CatalogEntry[]) {
    this.#entries = entries;
  }

  get size(): number {
    return this.#entries.length;
  }
  id(row: number): string {
    return this.#at(row).document?.id;
  }
  folder(row: number): string {
    return this.#at(row).folder;
  }
  scope(row: number): SkillScope {
    return this.#at(row).scope;
  }
  owner(row: number): string {
    return this.#at(row).owner;
  }
  tag(row: number): string | undefined {
    const { tag } = this.#at(row);
    return typeof tag === 'string' ? tag : undefined;
  }
  listed(row: number): boolean {
    const { files, directories } = this.#at(row);
    return files !== undefined && directories !== undefined;
  }
  entry(row: number): CatalogEntry {
    return this.#at(row);
  }
  get(folder: string): CatalogEntry | undefined {
    this.#byFolder ??= new Map(this.#entries.map((entry) => [entry.folder, entry]));
    return this.#byFolder.get(folder);
  }
  #at(row: number): CatalogEntry {
    return this.#entries[row] as CatalogEntry;
  }
}

/** What a format 3 catalog's second line holds: the key fields of every line, as columns. */
export interface CatalogColumns {
  ids: string[];
  folders: string[];
  /** Distinct (scope, owner) pairs, and each line's index into them. */
  places: [SkillScope, string][];
  place: number[];
  tags: string[];
  /** Rows whose line lacks the resource list and directory mtimes. */
  unlisted: number[];
  /** Byte offset, in the part after the second line, where each row's line ends (newline excluded). */
  ends: number[];
}

/** Format 3 lines: columns decoded at open, each line's JSON parsed on first use. */
export class EncodedCatalogLines implements CatalogLines {
  readonly #columns: CatalogColumns;
  readonly #body: CatalogBody;
  readonly #unlisted: Set<number>;
  #byFolder: Map<string, number> | undefined;

  private constructor(columns: CatalogColumns, body: CatalogBody) {
    this.#columns = columns;
    this.#body = body;
    this.#unlisted = new Set(columns.unlisted);
  }

  /** The lines, or undefined when the columns do not add up (a damaged file: the caller scans). */
  static from(columns: CatalogColumns, body: CatalogBody): EncodedCatalogLines | undefined {
    const { ids, folders, places, place, tags, unlisted, ends } = columns;
    const count = ids?.length;
    if (
      !Array.isArray(ids) ||
      !Array.isArray(places) ||
      !Array.isArray(unlisted) ||
      [folders, place, tags, ends].some(
        (column) => !Array.isArray(column) || column.length !== count,
      )
    )
      return undefined;
    for (const pair of places)
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
        return undefined;
    let previous = -1;
    for (let row = 0; row < count; row++) {
      const end = ends[row] as number;
      if (
        typeof ids[row] !== 'string' ||
        typeof folders[row] !== 'string' ||
        typeof tags[row] !== 'string' ||
        places[place[row] as number] === undefined ||
        !Number.isInteger(end) ||
        end <= previous
      )
        return undefined;
      previous = end + 1; // the newline
    }
    const expected = count === 0 ? 0 : (ends[count - 1] as number) + 1;
    if (expected !== body.byteLength) return undefined;
    return new EncodedCatalogLines(columns, body);
  }

  get size(): number {
    return this.#columns.ids.length;
  }
  id(row: number): string {
    return this.#columns.ids[row] as string;
  }
  folder(row: number): string {
    return this.#columns.folders[row] as string;
  }
  scope(row: number): SkillScope {
    return this.#place(row)[0];
  }
  owner(row: number): string {
    return this.#place(row)[1];
  }
  tag(row: number): string {
    return this.#columns.tags[row] as string;
  }
  place(row: number): number {
    return this.#columns.place[row] as number;
  }
  listed(row: number): boolean {
    return !this.#unlisted.has(row);
  }

  entry(row: number): CatalogEntry | undefined {
    try {
      const line = JSON.parse(this.#slice(row).toString('utf8')) as CatalogEntry;
      if (typeof line !== 'object' || line === null || typeof line.document !== 'object')
        return undefined;
      line.folder = this.folder(row);
      line.scope = this.scope(row);
      line.owner = this.owner(row);
      line.tag = this.tag(row);
      line.document.id = this.id(row);
      expandLine(line);
      return line;
    } catch {
      return undefined;
    }
  }

  raw(row: number): Uint8Array {
    return this.#body.whole().subarray(this.#start(row), this.#columns.ends[row]);
  }

  close(): void {
    this.#body.close();
  }

  get(folder: string): CatalogEntry | undefined {
    if (!this.#byFolder) {
      this.#byFolder = new Map();
      for (let row = 0; row < this.size; row++) this.#byFolder.set(this.folder(row), row);
    }
    const row = this.#byFolder.get(folder);
    return row === undefined ? undefined : this.entry(row);
  }

  #place(row: number): [SkillScope, string] {
    return this.#columns.places[this.#columns.place[row] as number] as [SkillScope, string];
  }

  #slice(row: number): Buffer {
    return this.#body.slice(this.#start(row), this.#columns.ends[row] as number);
  }

  #start(row: number): number {
    return row === 0 ? 0 : (this.#columns.ends[row - 1] as number) + 1;
  }
}
