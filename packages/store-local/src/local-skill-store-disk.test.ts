import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSkillMarkdown, type SkillFile } from '@autoskill/core';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeEachCorpus } from '../../../fixtures/corpora';
import { createLocalSkillStore, type LocalSkillStore } from './index';
import { userSkill } from './test-helpers';

const HAND_WRITTEN = `---
# written by hand
name: pdf-summary
description: "Summarise a PDF. Use when the user shares a PDF."
---

# PDF summary

Read the whole file first.
`;

let directory: TempDirectory;
const stores: LocalSkillStore[] = [];

async function open(path = directory.path, logger?: { warn(message: string): void }) {
  const store = await createLocalSkillStore({
    directory: path,
    sync: false,
    ...(logger ? { logger } : {}),
  });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await directory?.cleanup();
});

describe('startup', () => {
  it('lists a hand-written SKILL.md without an id under a stable derived UUID and never rewrites it on open', async () => {
    directory = await createTempDirectory({ 'Users/alice/pdf-summary/SKILL.md': HAND_WRITTEN });
    const path = join(directory.path, 'Users/alice/pdf-summary/SKILL.md');
    const store = await open();
    const [skill] = await store.list({ scope: 'user', owner: 'alice' });
    expect(skill?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(skill?.revision).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(HAND_WRITTEN);
    expect(store.assignedIds).toEqual([]);
    const reopened = await open();
    expect((await reopened.get(skill?.id as string))?.name).toBe('pdf-summary');
    expect(await readFile(path, 'utf8')).toBe(HAND_WRITTEN);
  });

  it('writes the derived id into the SKILL.md on rescan (normalize-ids) and keeps the rest of the file', async () => {
    directory = await createTempDirectory({ 'Users/alice/pdf-summary/SKILL.md': HAND_WRITTEN });
    const store = await open();
    const [skill] = await store.list({ scope: 'user', owner: 'alice' });
    await store.rescan();
    const written = await readFile(
      join(directory.path, 'Users/alice/pdf-summary/SKILL.md'),
      'utf8',
    );
    expect(written).toContain('# written by hand');
    expect(written).toContain(`id: '${skill?.id}'`);
    expect(written.endsWith('# PDF summary\n\nRead the whole file first.\n')).toBe(true);
    expect(store.loadErrors).toEqual([]);
    expect(store.assignedIds).toEqual([
      { id: skill?.id, path: 'Users/alice/pdf-summary/SKILL.md' },
    ]);
    expect((await store.list()).map((entry) => entry.id)).toEqual([skill?.id]);
    const reopened = await open();
    expect((await reopened.get(skill?.id as string))?.name).toBe('pdf-summary');
  });

  it('skips a broken SKILL.md with one warning and lists it in loadErrors', async () => {
    directory = await createTempDirectory({
      'Users/alice/broken/SKILL.md': 'no frontmatter here',
      'Common/good/SKILL.md': HAND_WRITTEN.replace('pdf-summary', 'good'),
    });
    const warn = vi.fn();
    const store = await open(directory.path, { warn });
    expect((await store.list()).map((skill) => skill.name)).toEqual(['good']);
    expect(store.loadErrors).toHaveLength(1);
    expect(store.loadErrors[0]?.path).toBe('Users/alice/broken/SKILL.md');
    expect(store.loadErrors[0]?.message).toMatch(/frontmatter/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('Users/alice/broken/SKILL.md');
  });

  it('keeps the first of two folders with the same id and reports the second', async () => {
    const id = '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';
    const text = HAND_WRITTEN.replace('---\n# written by hand', `---\nmetadata:\n  id: '${id}'`);
    directory = await createTempDirectory({
      'Users/alice/first/SKILL.md': text,
      'Users/alice/second/SKILL.md': text,
    });
    const store = await open();
    expect(store.skillDirectory(id)).toBe(join(directory.path, 'Users/alice/first'));
    expect(store.loadErrors.map((error) => error.path)).toEqual(['Users/alice/second/SKILL.md']);
    expect(store.loadErrors[0]?.message).toContain('duplicate id');
  });

  it('reads Common root skills, library skills at any depth ≤ 6 and skips hidden, vectors and node_modules', async () => {
    const skill = (name: string) => HAND_WRITTEN.replace('pdf-summary', name);
    directory = await createTempDirectory({
      'Common/root-skill/SKILL.md': skill('root-skill'),
      'Common/acme/deep/er/nested-skill/SKILL.md': skill('nested-skill'),
      'Common/acme/flat-skill/SKILL.md': skill('flat-skill'),
      'Common/acme/node_modules/dep/SKILL.md': skill('dependency'),
      'Users/bob/.hidden/SKILL.md': skill('hidden'),
      'vectors/SKILL.md': skill('vectors'),
    });
    const store = await open();
    const listed = await store.list();
    expect(listed.map((item) => [item.name, item.scope, item.owner])).toEqual([
      ['flat-skill', 'common', 'acme'],
      ['nested-skill', 'common', 'acme'],
      ['root-skill', 'common', 'Common'],
    ]);
  });
});

describe('history of skills found on disk and edited by hand', () => {
  it('counts a found skill as revision 1 and keeps it when the store writes revision 2', async () => {
    directory = await createTempDirectory({
      'Users/alice/pdf-summary/SKILL.md': HAND_WRITTEN,
      'Users/alice/pdf-summary/scripts/extract.py': 'print(1)\n',
    });
    const store = await open();
    const [found] = await store.list();
    expect((await store.history(found?.id as string)).map((entry) => entry.reason)).toEqual([
      'discovered',
    ]);
    await store.put(
      userSkill('alice', { id: found?.id as string, name: 'pdf-summary', description: 'Changed.' }),
      { files: [{ path: 'scripts/extract.py', content: 'print(2)\n' }], expectedRevision: 1 },
    );
    const first = await store.getRevision(found?.id as string, 1);
    expect(first?.description).toBe('Summarise a PDF. Use when the user shares a PDF.');
    expect(first?.files).toEqual(['scripts/extract.py']);
    expect((await store.history(found?.id as string)).map((entry) => entry.revision)).toEqual([
      1, 2,
    ]);
  });

  it('picks up a hand edit on rescan as a new revision and never overwrites it unseen', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const skill = await store.put(userSkill('alice'));
    const path = join(store.skillDirectory(skill.id) as string, 'SKILL.md');
    const edited = (await readFile(path, 'utf8')).replace(
      'Steps to ship a release safely.',
      'Edited by hand.',
    );
    await writeFile(path, edited);
    // A write based on the old revision sees the edit and reports a conflict instead of losing it.
    await expect(
      store.put(userSkill('alice', { id: skill.id, description: 'Stale.' }), {
        expectedRevision: 1,
      }),
    ).rejects.toSatisfy((error: unknown) => (error as { code?: string }).code === 'CONFLICT');
    expect((await store.get(skill.id))?.description).toMatch(/^Edited by hand\./);
    expect(await store.rescan()).toEqual([]);
    const history = await store.history(skill.id);
    expect(history.map((entry) => [entry.revision, entry.reason])).toEqual([
      [1, undefined],
      [2, 'external-edit'],
    ]);
    await store.put(userSkill('alice', { id: skill.id, description: 'Third.' }), {
      expectedRevision: 2,
    });
    expect((await store.getRevision(skill.id, 2))?.description).toMatch(/^Edited by hand\./);
    const other = await open();
    expect((await other.history(skill.id)).map((entry) => entry.revision)).toEqual([1, 2, 3]);
  });

  it('reports changes from other processes in refresh() even when a read picked them up first', async () => {
    directory = await createTempDirectory();
    const writer = await open();
    const reader = await open();
    const skill = await writer.put(userSkill('alice'));
    // A read (get/list) applies the change; refresh() must still report it once, for re-indexing.
    expect((await reader.get(skill.id))?.name).toBe(skill.name);
    expect(await reader.refresh()).toEqual([skill.id]);
    expect(await reader.refresh()).toEqual([]);
    await writer.delete(skill.id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await reader.list()).toEqual([]);
    expect(await reader.refresh()).toEqual([skill.id]);
  });

  it('reports hand-edited skills from rescan()', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const skill = await store.put(userSkill('alice'));
    const path = join(store.skillDirectory(skill.id) as string, 'SKILL.md');
    await writeFile(path, (await readFile(path, 'utf8')).replace('Ship a release.', 'Ship it.'));
    expect(await store.rescan()).toEqual([skill.id]);
    expect((await store.get(skill.id))?.revision).toBe(2);
  });
});

describeEachCorpus('real Agent Skills folders', (corpus) => {
  it('imports every folder of agent-skills and reads resources back byte for byte', {
    tags: ['slow'],
  }, async () => {
    const AGENT_SKILLS = join(corpus.root, 'agent-skills');
    directory = await createTempDirectory();
    const store = await open();
    const folders = (await readdir(AGENT_SKILLS, { withFileTypes: true })).filter((entry) =>
      entry.isDirectory(),
    );
    expect(folders.length).toBeGreaterThanOrEqual(3);
    for (const folder of folders) {
      const source = join(AGENT_SKILLS, folder.name);
      const document = parseSkillMarkdown(await readFile(join(source, 'SKILL.md'), 'utf8'), {
        folderName: folder.name,
      });
      const files = await readResources(source);
      const stored = await store.put(
        { ...document, scope: 'common', owner: 'anthropic' },
        { files, reason: 'import' },
      );
      expect(stored.files).toEqual(files.map((file) => file.path).sort());
      const read = await store.readFiles(stored.id);
      const byPath = new Map(read?.map((file) => [file.path, file.content]));
      for (const file of files)
        expect(
          Buffer.from(byPath.get(file.path) as Uint8Array).equals(
            Buffer.from(file.content as Uint8Array),
          ),
        ).toBe(true);
      const again = parseSkillMarkdown(String(read?.[0]?.content));
      expect(again.instructions).toBe(document.instructions);
      expect(again.description).toBe(document.description);
    }
    // A copy of the store folder opens with the same skills (the export is the store itself).
    const copy = join(directory.path, 'copy');
    await cp(join(directory.path, 'Common'), join(copy, 'Common'), { recursive: true });
    const copied = await open(copy);
    expect((await copied.list()).map((skill) => skill.id)).toEqual(
      (await store.list()).map((skill) => skill.id),
    );
  });
});

async function readResources(folder: string): Promise<SkillFile[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: SkillFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(folder.length + 1);
    if (path === 'SKILL.md' || path.split('/').some((segment) => segment.startsWith('.'))) continue;
    files.push({ path, content: new Uint8Array(await readFile(join(folder, path))) });
  }
  return files;
}

describe('putMany', () => {
  it('imports many skills at once, gives colliding names suffixes and reports bad items alone', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const items = Array.from({ length: 24 }, () => ({ input: userSkill('alice') }));
    items.splice(5, 0, { input: userSkill('../evil') });
    const results = await store.putMany(items, { concurrency: 8 });
    expect(results).toHaveLength(25);
    expect('error' in (results[5] as object)).toBe(true);
    const names = results.flatMap((result) => ('skill' in result ? [result.skill.name] : []));
    expect(new Set(names).size).toBe(24);
    expect(names).toContain('release-checklist');
    expect(names).toContain('release-checklist-24');
    const reopened = await open();
    expect(await reopened.list({ scope: 'user', owner: 'alice' })).toHaveLength(24);
  });
});

describe('close', () => {
  it('finishes writes queued before close() and refuses calls after it', async () => {
    directory = await createTempDirectory();
    const store = await createLocalSkillStore({ directory: directory.path, sync: false });
    const writes = [store.put(userSkill('alice')), store.put(userSkill('bob'))];
    await store.close();
    expect((await Promise.all(writes)).map((skill) => skill.revision)).toEqual([1, 1]);
    await expect(store.get(globalThis.crypto.randomUUID())).rejects.toThrow(/closed/);
    await expect(store.put(userSkill('carol'))).rejects.toThrow(/closed/);
    const reopened = await open();
    expect(await reopened.list()).toHaveLength(2);
  });
});
