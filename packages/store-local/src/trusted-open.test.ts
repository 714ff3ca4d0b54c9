import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalSkillStore } from './index';
import { readCatalogFile, storeOpener, userSkill, writeOlderCatalog } from './test-helpers';

let directory: TempDirectory;
const stores = storeOpener(() => directory.path);
/** A store that trusts its catalog whatever its size (as one of 2,000+ skills does by default). */
const trusting = stores.opened;
const { closeAll } = stores;

afterEach(async () => {
  await closeAll();
  await directory?.cleanup();
});

async function tagsOf(store: LocalSkillStore): Promise<Map<string, string>> {
  return (await store.contentTags?.()) ?? new Map();
}

const skillFile = (folder: string) => join(directory.path, 'Users', 'alice', folder, 'SKILL.md');

/** Three skills of alice, written and closed (the catalog is saved with the journal position). */
async function threeSkills(): Promise<string[]> {
  const store = await trusting();
  const ids: string[] = [];
  for (const name of ['otter-audit', 'vellum-fold', 'borealis-deploy'])
    ids.push((await store.put(userSkill('alice', { name, title: name }))).id);
  await closeAll();
  // Folders this store wrote are listed once by the next open, which records their directories.
  await trusting();
  await closeAll();
  return ids;
}

describe('opening a large store from its catalog, checked in the background', () => {
  it('finds hand edits, added and deleted folders made while closed once the check is done', async () => {
    directory = await createTempDirectory();
    const [otter, vellum, borealis] = (await threeSkills()) as [string, string, string];
    const edited = (await readFile(skillFile('otter-audit'), 'utf8')).replace(
      'Steps to ship a release safely.',
      'Count the marmalade otters.',
    );
    await writeFile(skillFile('otter-audit'), edited);
    await rm(join(directory.path, 'Users', 'alice', 'vellum-fold'), { recursive: true });
    await mkdir(join(directory.path, 'Users', 'alice', 'pdf-summary'));
    await writeFile(
      skillFile('pdf-summary'),
      '---\nname: pdf-summary\ndescription: Summarise a PDF.\n---\n\nRead it all.\n',
    );

    const store = await trusting();
    // Trusted: nothing was parsed, and the table is the catalog's until the check has run.
    expect(store.stats()).toMatchObject({ skills: 3, lastScanParsed: 0 });
    expect((await tagsOf(store)).has(vellum)).toBe(true);

    const changed = await store.validated();
    const added = (await store.list({ scope: 'user', owner: 'alice' })).find(
      (skill) => skill.name === 'pdf-summary',
    );
    expect(added).toBeDefined();
    expect(changed.sort()).toEqual([otter, vellum, added?.id].sort());
    // The same ids reach whoever follows other processes' changes (the SDK's search index).
    expect((await store.refresh()).sort()).toEqual(changed.sort());
    const tags = await tagsOf(store);
    expect([...tags.keys()].sort()).toEqual([otter, borealis, added?.id].sort());
    expect((await store.get(otter))?.description).toMatch(/^Count the marmalade otters\./);
    expect(await store.get(vellum)).toBeUndefined();
    expect(store.stats().skills).toBe(3);
  });

  it('returns a hand-edited skill as it is on disk even before the check has run', async () => {
    directory = await createTempDirectory();
    const [otter] = (await threeSkills()) as [string];
    const edited = (await readFile(skillFile('otter-audit'), 'utf8')).replace(
      'Steps to ship a release safely.',
      'Count the marmalade otters.',
    );
    await writeFile(skillFile('otter-audit'), edited);
    await writeFile(join(directory.path, 'Users', 'alice', 'otter-audit', 'notes.md'), '# notes');
    const store = await trusting();
    const skill = await store.get(otter);
    expect(skill?.description).toMatch(/^Count the marmalade otters\./);
    expect(skill?.files).toEqual(['notes.md']);
    expect(await store.refresh()).toEqual([otter]);
  });

  it('applies what other processes wrote after the catalog was saved before returning', async () => {
    directory = await createTempDirectory();
    await threeSkills();
    // Another process writes and stays open (its catalog is not saved yet).
    const writer = await trusting();
    const written = await writer.put(userSkill('bob', { name: 'late-skill', title: 'Late' }));
    const reader = await trusting();
    // Only the folder the journal names was read.
    expect(reader.stats().lastScanParsed).toBe(1);
    expect((await tagsOf(reader)).has(written.id)).toBe(true);
    expect((await reader.get(written.id))?.name).toBe('late-skill');
    expect(await reader.validated()).toEqual([]);
  });

  it('checks everything before returning below the threshold (small stores, the default 2,000)', async () => {
    directory = await createTempDirectory();
    const [otter] = (await threeSkills()) as [string];
    await rm(join(directory.path, 'Users', 'alice', 'otter-audit'), { recursive: true });
    const store = await trusting(4);
    expect(await store.validated()).toEqual([]);
    expect((await tagsOf(store)).has(otter)).toBe(false);
    expect(store.stats().skills).toBe(2);
  });

  it('close stops the check without losing what it would find: the next open finds it', async () => {
    directory = await createTempDirectory();
    const [otter, vellum] = (await threeSkills()) as [string, string];
    await rm(join(directory.path, 'Users', 'alice', 'vellum-fold'), { recursive: true });
    const first = await trusting();
    // A write of this process makes the catalog dirty: it is saved at close, check or no check.
    await first.put(userSkill('alice', { name: 'quill-ink', title: 'quill-ink' }));
    await closeAll(); // stops the check that had not started yet
    const store = await trusting();
    // The catalog still lists the deleted folder (nothing checked it), with its old identity...
    expect((await tagsOf(store)).has(vellum)).toBe(true);
    // ...so this open's check finds it gone, and the one after trusts a checked catalog.
    expect(await store.validated()).toEqual([vellum]);
    expect((await tagsOf(store)).has(otter)).toBe(true);
    await closeAll();
    const later = await trusting();
    expect((await tagsOf(later)).has(vellum)).toBe(false);
    expect(later.stats().skills).toBe(3);
    expect(await later.validated()).toEqual([]);
  });

  it('keeps content tags in the catalog: a trusted open reports what a full scan computes', async () => {
    directory = await createTempDirectory();
    await threeSkills();
    const catalog = await readCatalogFile(directory.path);
    expect(catalog.lines.every((line) => typeof line.tag === 'string')).toBe(true);
    const scanned = await tagsOf(await trusting(Number.POSITIVE_INFINITY));
    await closeAll();
    expect(await tagsOf(await trusting())).toEqual(scanned);
    await closeAll();

    // A catalog of an earlier version (one JSON document, no tags): the open hashes them and
    // saves them at close, in the current format.
    await writeOlderCatalog(directory.path, catalog, { tags: false });
    expect(await tagsOf(await trusting())).toEqual(scanned);
    await closeAll();
    const saved = await readCatalogFile(directory.path);
    expect(saved.lines.map((line) => line.tag).sort()).toEqual([...scanned.values()].sort());
    expect(existsSync(join(directory.path, '.autoskill', 'catalog.json'))).toBe(false);
  });

  it('refuses a negative or fractional trustCatalogFrom with a clear error', async () => {
    directory = await createTempDirectory();
    await expect(trusting(-1)).rejects.toThrow(/trustCatalogFrom/);
    await expect(trusting(1.5)).rejects.toThrow(/trustCatalogFrom/);
  });
});
