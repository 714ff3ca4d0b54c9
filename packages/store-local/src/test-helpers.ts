// Shared by this package's tests only (not exported).
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkillDocument, SkillPutInput } from '@autoskill/core';
import { createLocalSkillStore, type LocalSkillStore } from './index';

export function sampleDocument(overrides: Partial<SkillDocument> = {}): SkillDocument {
  return {
    id: '',
    name: 'release-checklist',
    title: 'Release checklist',
    description: 'Steps to ship a release safely. Use when the user prepares a release.',
    instructions: '# Goal\n\nShip a release.\n\n## Steps\n\n1. Run the tests.',
    version: '0.1.0',
    tags: ['release'],
    triggers: ['prepare a release'],
    examples: [],
    metadata: {},
    extra: {},
    ...overrides,
  };
}

export function userSkill(owner: string, overrides: Partial<SkillDocument> = {}): SkillPutInput {
  return { ...sampleDocument(overrides), scope: 'user', owner };
}

/**
 * Every path below `directory` (relative, sorted), folders with a trailing slash. The store's
 * write lock (`.autoskill/store.lock`) and its holder record (`store.lock.holder.json`) are left
 * out: they linger ~20 ms after a write, so whether they are on disk at the moment of the walk is
 * timing, not state.
 */
export async function listTree(directory: string): Promise<string[]> {
  const result: string[] = [];
  const walk = async (relative: string) => {
    const entries = await readdir(join(directory, relative), { withFileTypes: true });
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === 'store.lock' || entry.name === 'store.lock.holder.json') continue;
      if (entry.isDirectory()) {
        result.push(`${path}/`);
        await walk(path);
      } else result.push(path);
    }
  };
  await walk('');
  return result.sort();
}

/** A catalog line as a test reads it: the stored JSON with the key fields of the first line. */
export interface CatalogTestLine {
  folder: string;
  scope: string;
  owner: string;
  tag: string;
  /** The stored line, exactly. */
  text: string;
  line: Record<string, unknown> & { document: Record<string, unknown> };
}

/** `.autoskill/catalog.jsonl`, decoded the slow, obvious way (header, columns, then lines). */
export async function readCatalogFile(
  directory: string,
): Promise<{ header: Record<string, unknown>; lines: CatalogTestLine[] }> {
  const text = await readFile(join(directory, '.autoskill', 'catalog.jsonl'), 'utf8');
  const [first, second, ...rest] = text.split('\n');
  const header = JSON.parse(first as string) as Record<string, unknown>;
  const columns = JSON.parse(second as string) as {
    ids: string[];
    folders: string[];
    places: [string, string][];
    place: number[];
    tags: string[];
  };
  const lines = columns.ids.map((id, row) => {
    const stored = rest[row] as string;
    const line = JSON.parse(stored) as CatalogTestLine['line'];
    line.document.id = id;
    const [scope, owner] = columns.places[columns.place[row] as number] as [string, string];
    return {
      folder: columns.folders[row] as string,
      scope,
      owner,
      tag: columns.tags[row] as string,
      text: stored,
      line,
    };
  });
  return { header, lines };
}

/** Replaces the catalog with one of format 2 (`catalog.json`), as an earlier version wrote. */
export async function writeOlderCatalog(
  directory: string,
  catalog: Awaited<ReturnType<typeof readCatalogFile>>,
  options: { tags: boolean },
): Promise<void> {
  const entries = catalog.lines.map(({ folder, scope, owner, tag, line }) => ({
    ...line,
    folder,
    scope,
    owner,
    ...(options.tags ? { tag } : {}),
  }));
  const older = { format: 2, entries, journal: catalog.header.journal };
  await writeFile(join(directory, '.autoskill', 'catalog.json'), JSON.stringify(older));
  await rm(join(directory, '.autoskill', 'catalog.jsonl'));
}

/** Opens stores on a directory that trust their catalog from `trustCatalogFrom` skills (0: always). */
export function storeOpener(directory: () => string): {
  opened(trustCatalogFrom?: number): Promise<LocalSkillStore>;
  closeAll(): Promise<void>;
} {
  const open: LocalSkillStore[] = [];
  return {
    async opened(trustCatalogFrom = 0) {
      const store = await createLocalSkillStore({
        directory: directory(),
        sync: false,
        trustCatalogFrom,
      });
      open.push(store);
      return store;
    },
    async closeAll() {
      for (const store of open.splice(0)) await store.close();
    },
  };
}

/**
 * Writes `catalogText` (a format 3 catalog) back with its columns changed by `change`, the
 * first line's length of them kept right: the lines after them stay byte for byte.
 */
export async function writeCatalogColumns(
  directory: string,
  catalogText: string,
  change: (columns: { ids: string[]; ends: number[] }) => void,
): Promise<void> {
  const [first, second, ...rest] = catalogText.split('\n');
  const columns = JSON.parse(second as string) as { ids: string[]; ends: number[] };
  change(columns);
  const encoded = JSON.stringify(columns);
  const header = { ...JSON.parse(first as string), columnsBytes: Buffer.byteLength(encoded) };
  await writeFile(
    join(directory, '.autoskill', 'catalog.jsonl'),
    [JSON.stringify(header), encoded, ...rest].join('\n'),
  );
}
