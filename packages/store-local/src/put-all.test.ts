import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AutoSkillError, type SkillStorePutManyItem } from '@autoskill/core';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore, type LocalSkillStore } from './index';
import { stagedBatchHooks } from './staged-batch';
import { listTree, userSkill } from './test-helpers';

let directory: TempDirectory;
const stores: LocalSkillStore[] = [];

async function open(): Promise<LocalSkillStore> {
  const store = await createLocalSkillStore({ directory: directory.path, sync: false });
  stores.push(store);
  return store;
}

afterEach(async () => {
  stagedBatchHooks.afterItem = undefined;
  for (const store of stores.splice(0)) await store.close();
  await directory?.cleanup();
});

function items(count: number, owner = 'alice'): SkillStorePutManyItem[] {
  return Array.from({ length: count }, (_, index) => ({
    input: userSkill(owner, { name: `skill-${index}`, instructions: `Step ${index}.` }),
    options: {
      files: [{ path: 'references/notes.md', content: `notes ${index}\n` }],
      reason: 'import',
    },
  }));
}

const batchesOf = (root: string) => join(root, '.autoskill', 'batches');

describe('putAll: every item or none', () => {
  it('writes every item and returns the skills in input order', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const written = await store.putAll(items(5));
    expect(written.map((skill) => skill.name)).toEqual([
      'skill-0',
      'skill-1',
      'skill-2',
      'skill-3',
      'skill-4',
    ]);
    for (const skill of written) {
      expect(skill).toMatchObject({ revision: 1, files: ['references/notes.md'] });
      expect((await store.history(skill.id)).map((entry) => entry.reason)).toEqual(['import']);
    }
    expect(existsSync(batchesOf(directory.path))).toBe(false);
    const reopened = await open();
    expect(
      (await reopened.list({ scope: 'user', owner: 'alice' })).map((skill) => skill.id),
    ).toEqual(written.map((skill) => skill.id));
    const files = await reopened.readFiles(written[2]?.id as string);
    expect(files?.find((file) => file.path === 'references/notes.md')?.content).toEqual(
      new TextEncoder().encode('notes 2\n'),
    );
    expect(await store.putAll([])).toEqual([]);
  });

  it('updates, renames and creates in one batch, with one revision each', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const first = await store.put(userSkill('alice', { name: 'old-name' }), {
      files: [
        { path: 'keep.md', content: 'keep' },
        { path: 'drop.md', content: 'drop' },
      ],
    });
    const [updated, created] = await store.putAll([
      {
        input: userSkill('alice', { id: first.id, name: 'new-name', instructions: 'Changed.' }),
        options: { files: [{ path: 'keep.md', content: 'kept, changed' }], replaceFiles: true },
      },
      { input: userSkill('alice', { name: 'old-name' }) },
    ]);
    expect(updated).toMatchObject({
      id: first.id,
      name: 'new-name',
      revision: 2,
      files: ['keep.md'],
    });
    // Names are chosen before anything moves: the folder the rename frees is not reused.
    expect(created).toMatchObject({ name: 'old-name-2', revision: 1 });
    const root = directory.path;
    expect(await readFile(join(root, 'Users/alice/new-name/keep.md'), 'utf8')).toBe(
      'kept, changed',
    );
    expect(existsSync(join(root, 'Users/alice/new-name/drop.md'))).toBe(false);
    expect(existsSync(join(root, 'Users/alice/old-name'))).toBe(false);
    expect(existsSync(join(root, 'Users/alice/old-name-2/SKILL.md'))).toBe(true);
    expect((await store.history(first.id)).map((entry) => entry.revision)).toEqual([1, 2]);
  });

  it('writes nothing when one item fails its checks, a conflict or a clash', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const existing = await store.put(userSkill('alice', { name: 'existing' }));
    const before = await listTree(directory.path);
    const bad: SkillStorePutManyItem[][] = [
      [...items(3), { input: userSkill('alice', { name: 'Bad Name' }) }],
      [
        ...items(3),
        { input: userSkill('alice', { id: existing.id }), options: { expectedRevision: 7 } },
      ],
      [
        ...items(2),
        { input: userSkill('alice', { id: existing.id }) },
        { input: userSkill('alice', { id: existing.id }) },
      ],
      [
        ...items(2),
        {
          input: userSkill('alice', { name: 'clash' }),
          options: {
            files: [
              { path: 'x', content: 'file' },
              { path: 'x/y', content: 'below' },
            ],
          },
        },
      ],
      [
        ...items(2),
        {
          input: userSkill('alice', { name: 'x' }),
          options: { files: [{ path: `${'n'.repeat(256)}.md`, content: 'long' }] },
        },
      ],
    ];
    for (const batch of bad) {
      const error = await store.putAll(batch).catch((caught: unknown) => caught);
      expect(AutoSkillError.isInstance(error), String(error)).toBe(true);
      expect(await listTree(directory.path)).toEqual(before);
    }
    expect(await store.list({ scope: 'user', owner: 'alice' })).toHaveLength(1);
  });
});

describe('putAll after a crash', () => {
  it('drops a batch that was staged but not committed when the store opens', async () => {
    directory = await createTempDirectory();
    const store = await open();
    await store.put(userSkill('alice', { name: 'before' }));
    await store.close();
    // What a process killed while staging leaves behind: staged folders, no manifest.
    const staged = join(batchesOf(directory.path), 'dead-batch', 'items', '0');
    await mkdir(staged, { recursive: true });
    await writeFile(join(staged, 'SKILL.md'), '---\nname: ghost\ndescription: x\n---\n');
    const reopened = await open();
    expect((await reopened.list({ scope: 'user' })).map((skill) => skill.name)).toEqual(['before']);
    expect(existsSync(batchesOf(directory.path))).toBe(false);
  });

  it('finishes a committed batch that stopped part-way, when the store opens', async () => {
    directory = await createTempDirectory();
    const store = await open();
    const existing = await store.put(userSkill('alice', { name: 'updated-skill' }));
    stagedBatchHooks.afterItem = (index) => {
      if (index === 2) throw new Error('simulated crash after the third item');
    };
    const batch = [
      ...items(40),
      {
        input: userSkill('alice', { id: existing.id, name: 'updated-skill', instructions: 'New.' }),
      },
    ];
    await expect(store.putAll(batch)).rejects.toThrow('simulated crash');
    stagedBatchHooks.afterItem = undefined;
    // Part of the batch is on disk, the rest only staged.
    const visible = (await readdir(join(directory.path, 'Users/alice'))).filter((name) =>
      name.startsWith('skill-'),
    );
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(40);
    const reopened = await open();
    const names = (await reopened.list({ scope: 'user', owner: 'alice' })).map(
      (skill) => skill.name,
    );
    expect(names.sort()).toEqual(
      [...items(40).map((item) => item.input.name), 'updated-skill'].sort(),
    );
    expect((await reopened.get(existing.id))?.instructions).toBe('New.');
    expect((await reopened.history(existing.id)).map((entry) => entry.revision)).toEqual([1, 2]);
    for (const skill of await reopened.list({ scope: 'user', owner: 'alice' }))
      expect(await reopened.history(skill.id)).not.toEqual([]);
    expect(existsSync(batchesOf(directory.path))).toBe(false);
    expect(reopened.stats().unrecordedSkills).toBe(0);
  });

  it('lets the next write in a running process finish a committed batch first', async () => {
    directory = await createTempDirectory();
    const writer = await open();
    const other = await open();
    stagedBatchHooks.afterItem = (index) => {
      if (index === 0) throw new Error('simulated crash after the first item');
    };
    await expect(writer.putAll(items(3))).rejects.toThrow('simulated crash');
    stagedBatchHooks.afterItem = undefined;
    // Another process takes the lock next: it finishes the batch before its own write.
    const own = await other.put(userSkill('alice', { name: 'skill-1' }));
    expect(own.name).toBe('skill-1-2');
    expect(
      (await other.list({ scope: 'user', owner: 'alice' })).map((skill) => skill.name).sort(),
    ).toEqual(['skill-0', 'skill-1', 'skill-1-2', 'skill-2']);
    expect(existsSync(batchesOf(directory.path))).toBe(false);
  });
});
