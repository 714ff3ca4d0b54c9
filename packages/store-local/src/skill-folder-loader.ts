import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import {
  MAX_SKILL_MD_BYTES,
  parseSkillMarkdown,
  type SkillDocument,
  SkillParseError,
  type SkillStoreAssignedId,
  type SkillStoreLoadError,
} from '@autoskill/core';
import { isSafeSkillId } from '@autoskill/core/store-kit';
import { writeFileAtomic } from './atomic-file';
import { CatalogBackedEntry } from './catalog-backed-entry';
import { type CatalogLines, ParsedCatalogLines } from './catalog-lines';
import { entryFromCatalog, lineFitter } from './catalog-trust';
import { derivedSkillId } from './derived-skill-id';
import { insertSkillId } from './insert-skill-id';
import {
  directoriesUnchanged,
  type FoundSkillFolder,
  listResourceFiles,
  scanSkillFolders,
} from './scan-skill-folders';
import { contentTagOf, type SkillEntry } from './skill-entry-table';
import { type RevisionRecord, sha256 } from './skill-history';
import {
  type Catalog,
  type CatalogEntry,
  type CatalogLineToWrite,
  readCatalog,
  writeCatalog,
} from './store-catalog';
import type { StoreContext } from './store-context';
import { mapLimit, sameKeys } from './store-helpers';
import { insideRoot } from './store-paths';

/**
 * Reads skill folders into the entry table: the full scan (open and `rescan()`), single folders
 * (journal refresh, re-checks before a write), ids for SKILL.md files that have none, and the
 * catalog (`.autoskill/catalog.json`) that lets a scan skip parsing unchanged files.
 */
export class SkillFolderLoader {
  readonly #context: StoreContext;
  /** What the last scan could not load. */
  loadErrors: SkillStoreLoadError[] = [];
  /** Ids the last scan wrote into SKILL.md files that had none. */
  assignedIds: SkillStoreAssignedId[] = [];
  /** Duration of the last full scan, in ms. */
  lastScanMs = 0;
  /** SKILL.md files the last scan had to parse (the others came from the catalog). */
  lastScanParsed = 0;
  /** Load warnings already given. */
  readonly #warned = new Set<string>();
  /** The catalog lines a trusted open's entries decode on use (their file is open). */
  #openLines: CatalogLines | undefined;

  constructor(context: StoreContext) {
    this.#context = context;
  }

  /** The catalog on disk (empty when missing or unreadable). */
  readCatalog(): Promise<Catalog> {
    return readCatalog(this.#context.stateDirectory);
  }

  /**
   * Fills the entry table from the catalog, touching no SKILL.md (a trusted open: the background
   * check validates it afterwards). Lines are decoded when their skill is first used (format 3).
   * Only folders this store wrote since the catalog learnt their directories are listed (once).
   * False, with the table untouched, when a line looks wrong.
   */
  async loadTrusted(lines: CatalogLines): Promise<boolean> {
    const started = performance.now();
    const byId = new Map<string, SkillEntry>();
    const unlisted: CatalogEntry[] = [];
    const unlistedIds = new Set<string>();
    const taken = (id: string) => byId.has(id) || unlistedIds.has(id);
    const fits = lineFitter(lines);
    const lazy = lines.raw !== undefined;
    for (let row = 0; row < lines.size; row++) {
      if (!fits(row)) return false;
      if (lines.listed(row) && lazy) {
        // One lookup per line: a duplicate id leaves the map a size short.
        const before = byId.size;
        const entry = new CatalogBackedEntry(lines, row);
        byId.set(entry.id, entry);
        if (byId.size === before || unlistedIds.has(entry.id)) return false;
        continue;
      }
      const id = lines.id(row);
      if (taken(id)) return false;
      const cached = lines.entry(row);
      if (!cached) return false;
      // A catalog of an older version (with bodies): saved once without them.
      // Or without content tags (hashed at every open until then).
      if (cached.document.instructions !== undefined || cached.tag === undefined)
        this.#context.entries.catalogDirty = true;
      const entry = entryFromCatalog(cached);
      if (entry) byId.set(id, entry);
      else {
        unlisted.push(cached);
        unlistedIds.add(id);
      }
    }
    this.lastScanParsed = 0;
    const listed = await mapLimit(unlisted, 64, async (cached) => {
      const { folder, scope, owner } = cached;
      // Gone or broken: the background check reports it.
      return this.readFolder({ folder, scope, owner }, cached).catch(() => undefined);
    });
    for (const [index, entry] of listed.entries()) {
      const id = entry?.skill.id as string;
      // An id changed by hand to one in use: left to the check, which reports the duplicate.
      if (!entry || (id !== unlisted[index]?.document.id && taken(id))) continue;
      byId.set(id, entry);
    }
    this.#context.entries.adopt(byId);
    if (lazy) this.#openLines = lines;
    this.loadErrors = [];
    this.assignedIds = [];
    this.lastScanMs = performance.now() - started;
    return true;
  }

  /** Closes the catalog file that entries of a trusted open still read their lines from. */
  releaseCatalog(): void {
    this.#openLines?.close?.();
    this.#openLines = undefined;
  }

  /** Adds load problems found outside a full scan (background check), warning once for each. */
  addLoadErrors(errors: SkillStoreLoadError[]): void {
    this.#warnOnce(errors);
    this.loadErrors.push(...errors);
  }

  #warnOnce(errors: SkillStoreLoadError[]): void {
    // Each broken file is reported once per store, not again on every rescan or journal reset.
    for (const error of errors) {
      const warning = `autoskill store: skipped ${error.path}: ${error.message}`;
      if (this.#warned.has(warning)) continue;
      this.#warned.add(warning);
      this.#context.warn(warning);
    }
  }

  /** The catalog for a rescan: what is in memory now. */
  catalogFromEntries(): CatalogLines {
    const lines: CatalogEntry[] = [];
    for (const entry of this.#context.entries.values()) {
      const cached = catalogEntryOf(entry);
      if (cached) lines.push(cached);
    }
    return new ParsedCatalogLines(lines);
  }

  /** Writes the catalog; a failure only costs a slower next open, so it is logged, not thrown. */
  async saveCatalog(): Promise<void> {
    const { entries, journal } = this.#context;
    // Taken before the entries: they are at least as new, so replaying from here is safe.
    const position = journal.position();
    entries.catalogDirty = false;
    const all = [...entries.values()];
    await mapLimit(all, 32, async (entry) => {
      if (entry instanceof CatalogBackedEntry && entry.undecoded) return;
      if (entry.file) return;
      try {
        const info = await stat(insideRoot(this.#context.directory, entry.folder, 'SKILL.md'));
        entry.file = { size: info.size, mtimeMs: info.mtimeMs, inode: info.ino };
      } catch {
        // Gone: the next scan finds out.
      }
    });
    const lines: CatalogLineToWrite[] = [];
    for (const entry of all) {
      const line = catalogLineOf(entry);
      if (line) lines.push(line);
    }
    try {
      await writeCatalog(this.#context.stateDirectory, lines, position);
    } catch (error) {
      this.#context.warn(`autoskill store: could not save the catalog: ${String(error)}`);
    }
  }

  /**
   * Full scan; replaces the entry table. Returns the folders whose SKILL.md has no id (they are
   * loaded under a derived id; `assignMissingIds`, under the lock, writes it into the file).
   */
  async loadAll(catalog: CatalogLines): Promise<FoundSkillFolder[]> {
    const started = performance.now();
    this.lastScanParsed = 0;
    this.assignedIds = [];
    const root = this.#context.directory;
    // Each line decoded once, though both the walk and the read ask for it.
    const decoded = new Map<string, CatalogEntry | undefined>();
    const lineOf = (folder: string): CatalogEntry | undefined => {
      if (!decoded.has(folder)) decoded.set(folder, catalog.get(folder));
      return decoded.get(folder);
    };
    const { folders, problems } = await scanSkillFolders(root, {
      maxDepth: this.#context.options.maxDepth,
      unchangedFolder: (folder) => {
        const cached = lineOf(folder);
        return cached?.directories !== undefined && cached.files !== undefined
          ? directoriesUnchanged(root, folder, cached.directories)
          : false;
      },
    });
    const loaded = await mapLimit(folders, 64, async (found) => {
      try {
        return { found, entry: await this.readFolder(found, lineOf(found.folder)) };
      } catch (error) {
        return { found, error: error as Error };
      }
    });
    const entries = new Map<string, SkillEntry>();
    const errors: SkillStoreLoadError[] = [...problems];
    const missingIds: FoundSkillFolder[] = [];
    for (const result of loaded) {
      const path = `${result.found.folder}/SKILL.md`;
      if (result.error || !result.entry) {
        errors.push({ path, message: result.error?.message ?? 'unreadable' });
        continue;
      }
      const id = result.entry.skill.id;
      // Listed under its derived id; only `rescan()` (normalize-ids) writes the id into the file.
      if (id === derivedSkillId(result.found.folder)) missingIds.push(result.found);
      if (entries.has(id)) {
        errors.push({
          path,
          message: `duplicate id ${id} (already used by ${entries.get(id)?.folder}/SKILL.md); skipped`,
        });
      } else entries.set(id, result.entry);
    }
    this.#warnOnce(errors);
    this.#context.entries.replaceAll(entries.values());
    this.loadErrors = errors;
    this.lastScanMs = performance.now() - started;
    return missingIds;
  }

  /** Writes the derived id into SKILL.md files that have none (call under the lock), then loads them. */
  async assignMissingIds(folders: FoundSkillFolder[]): Promise<void> {
    const context = this.#context;
    for (const found of folders) {
      const label = `${found.folder}/SKILL.md`;
      const path = insideRoot(context.directory, found.folder, 'SKILL.md');
      try {
        const text = await readFile(path, 'utf8');
        const parsed = parseSkillMarkdown(text, {
          path: label,
          folderName: posix.basename(found.folder),
        });
        if (parsed.id === '') {
          const id = derivedSkillId(found.folder);
          this.assignedIds.push({ id, path: label });
          await writeFileAtomic(path, insertSkillId(text, parsed, id), { sync: context.sync() });
        }
        const entry = await this.readFolder(found);
        if (
          context.entries.get(entry.skill.id)?.folder !== found.folder &&
          context.entries.has(entry.skill.id)
        ) {
          this.loadErrors.push({ path: label, message: `duplicate id ${entry.skill.id}; skipped` });
          continue;
        }
        context.entries.set(entry);
        await context.serialized(() =>
          context.journal.append({ operation: 'put', id: entry.skill.id, folder: found.folder }),
        );
      } catch (error) {
        this.loadErrors.push({ path: label, message: (error as Error).message });
        context.warn(`autoskill store: could not give ${label} an id: ${(error as Error).message}`);
      }
    }
  }

  /** Loads one skill folder: SKILL.md (or its catalog copy when unchanged), resource list, history head. */
  async readFolder(found: FoundSkillFolder, cached?: CatalogEntry): Promise<SkillEntry> {
    // SKILL.md must not change while its history is read: otherwise an old text could be paired
    // with a newer history and get a revision number it never had (a lost update later).
    for (let attempt = 0; ; attempt++) {
      const entry = await this.#readFolderOnce(found, attempt === 0 ? cached : undefined);
      if (entry.records === undefined) return entry; // from the catalog: nothing read from history
      const after = await stat(insideRoot(this.#context.directory, found.folder, 'SKILL.md'));
      const before = entry.file;
      if (
        (before &&
          after.ino === before.inode &&
          after.mtimeMs === before.mtimeMs &&
          after.size === before.size) ||
        attempt >= 5
      ) {
        return entry;
      }
    }
  }

  async #readFolderOnce(found: FoundSkillFolder, cached?: CatalogEntry): Promise<SkillEntry> {
    const context = this.#context;
    const label = `${found.folder}/SKILL.md`;
    const path = insideRoot(context.directory, found.folder, 'SKILL.md');
    // Synchronous: one cheap syscall per skill when a large store opens, where an async stat costs
    // a thread-pool round trip and most of the open time.
    const info = statSync(path);
    const file = { size: info.size, mtimeMs: info.mtimeMs, inode: info.ino };
    let document: SkillDocument;
    let bodyOnDisk = false;
    let markdownHash: string;
    let head: SkillEntry['head'];
    let records: RevisionRecord[] | undefined;
    if (
      cached &&
      isSafeSkillId(cached.document?.id) &&
      cached.size === file.size &&
      cached.mtimeMs === file.mtimeMs &&
      cached.inode === file.inode &&
      cached.scope === found.scope &&
      cached.owner === found.owner
    ) {
      // The body stays on disk: read for the skills a caller actually gets.
      const { instructions, examples, ...frontmatter } = cached.document;
      if (instructions !== undefined) context.entries.catalogDirty = true;
      document = { ...frontmatter, instructions: '', examples: [] };
      bodyOnDisk = true;
      markdownHash = cached.markdownHash;
      head = cached.head;
    } else {
      const bytes = await readFile(path);
      if (bytes.byteLength > MAX_SKILL_MD_BYTES) {
        throw new SkillParseError(
          `SKILL.md is ${bytes.byteLength} bytes; at most ${MAX_SKILL_MD_BYTES} are accepted`,
          { path: label },
        );
      }
      document = parseSkillMarkdown(bytes.toString('utf8'), {
        path: label,
        folderName: posix.basename(found.folder),
      });
      if (document.id !== '' && !isSafeSkillId(document.id)) {
        throw new SkillParseError(
          `metadata.id ${JSON.stringify(document.id.slice(0, 80))} is not a valid skill id (use a UUID)`,
          { path: label },
        );
      }
      // No id in the file: a stable one from the folder, so a read never has to write the file.
      if (document.id === '') document = { ...document, id: derivedSkillId(found.folder) };
      markdownHash = sha256(bytes);
      this.lastScanParsed++;
      records = await context.history.read(document.id);
      const last = records.at(-1);
      head = last
        ? { revision: last.revision, markdown: last.markdown, files: Object.keys(last.files) }
        : undefined;
      context.entries.catalogDirty = true;
    }
    // A folder the scan found unchanged keeps its cached resource list (its listing did not
    // change); otherwise it is listed, recording directory mtimes for the next open.
    let files: string[];
    let directories: Record<string, number> | undefined;
    if (found.unchanged && cached?.files && cached.directories) {
      files = cached.files;
      directories = cached.directories;
      found.unchanged = false;
    } else {
      directories = found.mtimeMs === undefined ? {} : { '': found.mtimeMs };
      const topEntries = takeEntries(found);
      if (!topEntries) delete directories[''];
      files = await listResourceFiles(
        context.directory,
        context.realRoot,
        found.folder,
        topEntries,
        directories,
      );
      // A catalog of an older version: save it with the directory mtimes once.
      if (cached && !cached.directories) context.entries.catalogDirty = true;
    }
    const pending = !head || head.markdown !== markdownHash || !sameKeys(head.files, files);
    return {
      skill: {
        ...document,
        scope: found.scope,
        owner: found.owner,
        files,
        revision: (head?.revision ?? 0) + (pending ? 1 : 0),
      },
      folder: found.folder,
      markdownHash,
      head,
      ...(records ? { records } : {}),
      pending,
      file,
      ...(directories ? { directories } : {}),
      ...(bodyOnDisk ? { bodyOnDisk } : {}),
    };
  }
}

/** The walk's entries of a folder, used once (a retry reads the folder again). */
function takeEntries(found: FoundSkillFolder): FoundSkillFolder['entries'] {
  const entries = found.entries;
  found.entries = undefined;
  return entries;
}

/** What the next catalog holds for an entry: its line as read when nothing decoded it. */
function catalogLineOf(entry: SkillEntry): CatalogLineToWrite | undefined {
  const kept = entry instanceof CatalogBackedEntry ? entry.lineAsRead() : undefined;
  if (kept) return kept;
  const cached = catalogEntryOf(entry);
  return cached ? { entry: cached } : undefined;
}

/** The catalog line of an entry, when its SKILL.md identity (size, mtime, inode) is known. */
function catalogEntryOf(entry: SkillEntry): CatalogEntry | undefined {
  if (!entry.file) return undefined;
  const {
    scope,
    owner,
    files: _files,
    revision: _revision,
    instructions: _instructions,
    examples: _examples,
    ...document
  } = entry.skill;
  return {
    folder: entry.folder,
    scope,
    owner,
    ...entry.file,
    markdownHash: entry.markdownHash,
    document,
    ...(entry.head ? { head: entry.head } : {}),
    ...(entry.directories ? { files: entry.skill.files, directories: entry.directories } : {}),
    tag: contentTagOf(entry),
  };
}
