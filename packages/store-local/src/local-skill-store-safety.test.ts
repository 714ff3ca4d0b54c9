import { mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AutoSkillError } from '@autoskill/core';
import { WriteLock } from '@autoskill/file-lock';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore, type LocalSkillStore } from './index';
import { listTree, userSkill } from './test-helpers';
import { writeSkillFolder } from './write-skill-folder';

const readPrevious = async (): Promise<Uint8Array> => new Uint8Array();

let outer: TempDirectory;
let root: string;
let store: LocalSkillStore;

beforeEach(async () => {
  outer = await createTempDirectory({ 'outside/keep.txt': 'keep' });
  root = join(outer.path, 'store');
  store = await createLocalSkillStore({ directory: root, sync: false });
});

afterEach(async () => {
  await store.close();
  await outer.cleanup();
});

const isAutoSkillError = (error: unknown) => AutoSkillError.isInstance(error);

describe('path traversal', () => {
  it('never writes outside the store for hostile user ids, library names, skill names or file paths', async () => {
    const before = await listTree(outer.path);
    const attempts = [
      () => store.put(userSkill('../outside')),
      () => store.put(userSkill('../../etc')),
      () => store.put(userSkill('a/b')),
      () => store.put(userSkill('a\\b')),
      () => store.put(userSkill('x\0y')),
      () => store.put(userSkill(join(outer.path, 'outside'))),
      () => store.put({ ...userSkill('alice'), scope: 'common', owner: '../outside' }),
      () => store.put(userSkill('alice', { name: '../../outside' })),
      () =>
        store.put(userSkill('alice'), {
          files: [{ path: '../../../outside/evil.txt', content: 'x' }],
        }),
      () =>
        store.put(userSkill('alice'), {
          files: [{ path: `${outer.path}/outside/evil.txt`, content: 'x' }],
        }),
      () => store.put(userSkill('alice', { id: '../../outside' })),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toSatisfy(isAutoSkillError);
    expect(await listTree(outer.path)).toEqual(before);
    expect(await store.list()).toEqual([]);
  });

  it('refuses to write through a user folder that is a symlink out of the store', async () => {
    await mkdir(join(root, 'Users'), { recursive: true });
    await symlink(join(outer.path, 'outside'), join(root, 'Users', 'mallory'));
    await expect(store.put(userSkill('mallory'))).rejects.toSatisfy((error) =>
      AutoSkillError.hasCode(error, 'UNSAFE_PATH'),
    );
    expect(await listTree(join(outer.path, 'outside'))).toEqual(['keep.txt']);
  });

  it('does not read or write resources through a symlink that leaves the store', async () => {
    const skill = await store.put(userSkill('alice'), {
      files: [{ path: 'references/a.md', content: 'a' }],
    });
    const folder = store.skillDirectory(skill.id) as string;
    await symlink(join(outer.path, 'outside'), join(folder, 'scripts'));
    await symlink(join(outer.path, 'outside', 'keep.txt'), join(folder, 'references', 'leak.txt'));
    await store.rescan();
    const files = await store.readFiles(skill.id);
    expect(files?.map((file) => file.path)).toEqual(['SKILL.md', 'references/a.md']);
    await expect(
      store.put(userSkill('alice', { id: skill.id }), {
        files: [{ path: 'scripts/evil.sh', content: 'x' }],
      }),
    ).rejects.toSatisfy((error) => AutoSkillError.hasCode(error, 'UNSAFE_PATH'));
    expect(await listTree(join(outer.path, 'outside'))).toEqual(['keep.txt']);
  });
});

describe('atomic updates', () => {
  it('keeps the previous skill when a resource path in the middle of the list is invalid', async () => {
    const skill = await store.put(userSkill('alice'), {
      files: [{ path: 'references/a.md', content: 'old' }],
    });
    const folder = store.skillDirectory(skill.id) as string;
    const markdownBefore = await readFile(join(folder, 'SKILL.md'), 'utf8');
    const treeBefore = await listTree(root);
    await expect(
      store.put(userSkill('alice', { id: skill.id, description: 'Changed description.' }), {
        files: [
          { path: 'references/a.md', content: 'new' },
          { path: 'scripts/../../escape.sh', content: 'x' },
          { path: 'assets/b.txt', content: 'b' },
        ],
      }),
    ).rejects.toSatisfy((error) => AutoSkillError.hasCode(error, 'UNSAFE_PATH'));
    expect(await readFile(join(folder, 'SKILL.md'), 'utf8')).toBe(markdownBefore);
    expect(await readFile(join(folder, 'references/a.md'), 'utf8')).toBe('old');
    expect(await listTree(root)).toEqual(treeBefore);
    expect(await store.get(skill.id)).toEqual(skill);
  });

  it('puts back resources already written when a write fails mid-way', async () => {
    const skill = await store.put(userSkill('alice'), {
      files: [{ path: 'references/a.md', content: 'old' }],
    });
    const folder = store.skillDirectory(skill.id) as string;
    const markdownBefore = await readFile(join(folder, 'SKILL.md'), 'utf8');
    // A folder where a file must go makes the third write fail after two succeeded.
    await mkdir(join(folder, 'scripts', 'run.sh'), { recursive: true });
    await expect(
      store.put(userSkill('alice', { id: skill.id, description: 'Changed description.' }), {
        files: [
          { path: 'assets/new.txt', content: 'new file' },
          { path: 'references/a.md', content: 'changed' },
          { path: 'scripts/run.sh', content: 'echo' },
        ],
      }),
    ).rejects.toThrow();
    expect(await readFile(join(folder, 'SKILL.md'), 'utf8')).toBe(markdownBefore);
    expect(await readFile(join(folder, 'references/a.md'), 'utf8')).toBe('old');
    await expect(readFile(join(folder, 'assets/new.txt'))).rejects.toThrow(/ENOENT/);
    expect((await store.get(skill.id))?.revision).toBe(1);
    expect(await store.history(skill.id)).toHaveLength(1);
  });

  it('moves the folder on rename and leaves no temp files behind', async () => {
    const skill = await store.put(userSkill('alice'), {
      files: [{ path: 'references/a.md', content: 'a' }],
    });
    await store.put(userSkill('alice', { id: skill.id, name: 'shipping-checklist' }));
    const tree = await listTree(join(root, 'Users'));
    expect(tree).toEqual([
      'alice/',
      'alice/shipping-checklist/',
      'alice/shipping-checklist/SKILL.md',
      'alice/shipping-checklist/references/',
      'alice/shipping-checklist/references/a.md',
    ]);
    expect(store.skillDirectory(skill.id)).toBe(join(root, 'Users', 'alice', 'shipping-checklist'));
    const markdown = await readFile(join(root, 'Users/alice/shipping-checklist/SKILL.md'), 'utf8');
    expect(markdown).toContain("name: 'shipping-checklist'");
  });

  it('writes the -2 suffix into SKILL.md when the folder name is taken', async () => {
    await mkdir(join(root, 'Users', 'alice', 'release-checklist'), { recursive: true });
    await writeFile(join(root, 'Users', 'alice', 'release-checklist', 'notes.txt'), 'not a skill');
    const skill = await store.put(userSkill('alice'));
    expect(skill.name).toBe('release-checklist-2');
    const markdown = await readFile(join(root, 'Users/alice/release-checklist-2/SKILL.md'), 'utf8');
    expect(markdown).toContain("name: 'release-checklist-2'");
  });

  it('picks a free name in a batch too, leaving a foreign folder with that name untouched', async () => {
    await mkdir(join(root, 'Users', 'alice', 'release-checklist'), { recursive: true });
    await writeFile(join(root, 'Users', 'alice', 'release-checklist', 'notes.txt'), 'not a skill');
    const results = await store.putMany(
      [userSkill('alice'), userSkill('alice', { id: '', name: 'release-checklist' })].map(
        (input) => ({ input }),
      ),
      { sync: false },
    );
    const names = results.map((result) => ('skill' in result ? result.skill.name : 'error'));
    expect(names.sort()).toEqual(['release-checklist-2', 'release-checklist-3']);
    expect(await listTree(join(root, 'Users', 'alice', 'release-checklist'))).toEqual([
      'notes.txt',
    ]);
  });

  it('refuses to write a new skill into a folder that appeared after its name was chosen', async () => {
    const target = join(root, 'Users', 'bob', 'late');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'mine.txt'), 'someone else');
    const error = await writeSkillFolder(
      { root, realRoot: await realpath(root), sync: false, logger: undefined, readPrevious },
      {
        from: undefined,
        to: 'Users/bob/late',
        markdown: '---\nname: late\n---\n',
        writes: [],
        removals: [],
        previousFiles: {},
      },
    ).catch((caught: unknown) => caught);
    expect(AutoSkillError.hasCode(error, 'CONFLICT')).toBe(true);
    expect(await listTree(target)).toEqual(['mine.txt']);
  });

  it('keeps history outside the skill folders and deletes it with the skill', async () => {
    const skill = await store.put(userSkill('alice'), {
      files: [{ path: 'scripts/a.sh', content: 'a' }],
    });
    await store.put(userSkill('alice', { id: skill.id, description: 'Second.' }));
    expect(await listTree(store.skillDirectory(skill.id) as string)).toEqual([
      'SKILL.md',
      'scripts/',
      'scripts/a.sh',
    ]);
    expect(
      (await listTree(join(root, '.autoskill', 'history'))).some((path) =>
        path.startsWith(skill.id),
      ),
    ).toBe(true);
    expect(await store.delete(skill.id)).toBe(true);
    expect(await listTree(join(root, '.autoskill', 'history'))).toEqual([]);
    expect(await listTree(join(root, 'Users', 'alice'))).toEqual([]);
  });
});

describe('lock', () => {
  it('fails with LOCK_TIMEOUT while another process holds the store lock, and writes nothing', async () => {
    const state = join(root, '.autoskill');
    // Held as another process's store would hold it.
    const other = new WriteLock({
      target: state,
      lockPath: join(state, 'store.lock'),
      description: 'the other process',
      timeoutMs: 1_000,
      lingerMs: 0,
    });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      void other.run(
        () =>
          new Promise<void>((done) => {
            release = done;
            resolve();
          }),
      );
    });
    await held;
    const waiting = await createLocalSkillStore({
      directory: root,
      sync: false,
      lockTimeoutMs: 150,
    });
    try {
      await expect(waiting.put(userSkill('alice'))).rejects.toSatisfy((error) =>
        AutoSkillError.hasCode(error, 'LOCK_TIMEOUT'),
      );
      expect(await waiting.list()).toEqual([]);
      release();
      await other.close();
      expect((await waiting.put(userSkill('alice'))).revision).toBe(1);
      expect(await store.list()).toHaveLength(1);
    } finally {
      await waiting.close();
    }
  });
});
