import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  readCatalogFile,
  storeOpener,
  userSkill,
  writeCatalogColumns,
  writeOlderCatalog,
} from './test-helpers';

let directory: TempDirectory;
const { opened, closeAll } = storeOpener(() => directory.path);

afterEach(async () => {
  await closeAll();
  await directory?.cleanup();
});

const catalogPath = () => join(directory.path, '.autoskill', 'catalog.jsonl');

/** Three skills written, and opened once more so the catalog records their directories. */
async function threeSkills(): Promise<string[]> {
  const store = await opened();
  const ids: string[] = [];
  for (const name of ['otter-audit', 'vellum-fold', 'borealis-deploy'])
    ids.push((await store.put(userSkill('alice', { name, title: `The ${name}` }))).id);
  await closeAll();
  await opened();
  await closeAll();
  return ids;
}

describe('the catalog file (format 3: key columns, lines decoded on use)', () => {
  it('saves lines it never decoded as they were, and the next open trusts the result', async () => {
    directory = await createTempDirectory();
    const [otter, vellum, borealis] = (await threeSkills()) as [string, string, string];
    const before = await readCatalogFile(directory.path);
    const textOf = (catalog: typeof before, folder: string) =>
      catalog.lines.find((line) => line.folder === folder)?.text;

    const store = await opened();
    expect((await store.get(otter))?.title).toBe('The otter-audit');
    await store.delete(vellum); // makes the catalog worth saving; decodes nothing else
    await closeAll();

    const after = await readCatalogFile(directory.path);
    expect(after.lines.map((line) => line.line.document.id).sort()).toEqual(
      [otter, borealis].sort(),
    );
    expect(textOf(after, 'Users/alice/borealis-deploy')).toBe(
      textOf(before, 'Users/alice/borealis-deploy'),
    );
    // The decoded line is written from the entry again: the same content.
    const otterFolder = 'Users/alice/otter-audit';
    expect(after.lines.find((line) => line.folder === otterFolder)?.line).toEqual(
      before.lines.find((line) => line.folder === otterFolder)?.line,
    );
    const reopened = await opened();
    expect(reopened.stats()).toMatchObject({ skills: 2, lastScanParsed: 0 });
    expect((await reopened.get(borealis))?.title).toBe('The borealis-deploy');
    expect(await reopened.validated()).toEqual([]);
  });

  it('reads a skill whose line cannot be decoded from its folder', async () => {
    directory = await createTempDirectory();
    const [otter] = (await threeSkills()) as [string];
    const { lines } = await readCatalogFile(directory.path);
    const damaged = lines.find((line) => line.line.document.id === otter)?.text as string;
    const text = await readFile(catalogPath(), 'utf8');
    // Same length, so every other line stays where the first line says it is.
    await writeFile(catalogPath(), text.replace(damaged, '#'.repeat(damaged.length)));

    const store = await opened();
    expect(store.stats().lastScanParsed).toBe(0);
    const skill = await store.get(otter);
    expect(skill).toMatchObject({ id: otter, name: 'otter-audit', title: 'The otter-audit' });
    expect(skill?.instructions).toContain('Ship a release.');
    expect((await store.list()).map((item) => item.name).sort()).toEqual([
      'borealis-deploy',
      'otter-audit',
      'vellum-fold',
    ]);
  });

  it('scans every folder when the first line does not add up, and writes a sound catalog', async () => {
    directory = await createTempDirectory();
    await threeSkills();
    await writeCatalogColumns(directory.path, await readFile(catalogPath(), 'utf8'), (columns) => {
      columns.ends = columns.ends.slice(1); // one row short
    });

    const store = await opened();
    expect(store.stats()).toMatchObject({ skills: 3, lastScanParsed: 3 });
    await closeAll();
    expect((await readCatalogFile(directory.path)).lines).toHaveLength(3);
    expect((await opened()).stats()).toMatchObject({ skills: 3, lastScanParsed: 0 });
  });

  it('scans every folder when two lines claim one id', async () => {
    directory = await createTempDirectory();
    await threeSkills();
    await writeCatalogColumns(directory.path, await readFile(catalogPath(), 'utf8'), (columns) => {
      columns.ids[2] = columns.ids[0] as string;
    });

    const store = await opened();
    expect(store.stats()).toMatchObject({ skills: 3, lastScanParsed: 3 });
    expect(new Set((await store.list()).map((skill) => skill.id)).size).toBe(3);
  });

  it('never takes an unsafe id from the catalog, trusted or not: the SKILL.md is read', async () => {
    directory = await createTempDirectory();
    const ids = await threeSkills();
    const text = await readFile(catalogPath(), 'utf8');
    for (const trustCatalogFrom of [Number.POSITIVE_INFINITY, 0]) {
      await writeCatalogColumns(directory.path, text, (columns) => {
        columns.ids[1] = '../../outside';
      });
      const store = await opened(trustCatalogFrom);
      expect((await store.list()).map((skill) => skill.id).sort()).toEqual([...ids].sort());
      await closeAll();
    }
  });

  it('trusts a catalog of the previous format and replaces it with the current one', async () => {
    directory = await createTempDirectory();
    const ids = await threeSkills();
    await writeOlderCatalog(directory.path, await readCatalogFile(directory.path), { tags: true });

    const store = await opened();
    expect(store.stats()).toMatchObject({ skills: 3, lastScanParsed: 0 });
    expect([...((await store.contentTags?.()) ?? new Map()).keys()].sort()).toEqual(ids.sort());
    await closeAll();
    expect(existsSync(join(directory.path, '.autoskill', 'catalog.json'))).toBe(false);
    expect((await readCatalogFile(directory.path)).lines).toHaveLength(3);
  });
});
