import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore } from './index';
import { userSkill } from './test-helpers';

let directory: TempDirectory;

afterEach(async () => {
  await directory?.cleanup();
});

/** Opens the store, runs `use`, closes it (the catalog is saved on close). */
async function withStore<T>(
  use: (store: Awaited<ReturnType<typeof createLocalSkillStore>>) => Promise<T>,
): Promise<T> {
  const store = await createLocalSkillStore({ directory: directory.path, sync: false });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

describe('opening from the catalog without listing unchanged folders', () => {
  it('still finds resource files added, removed or nested by hand while the store was closed', async () => {
    directory = await createTempDirectory();
    const skill = await withStore((store) =>
      store.put(userSkill('alice'), {
        files: [{ path: 'scripts/run.sh', content: 'echo run' }],
      }),
    );
    // Two opens: the first lists the folder and records its directories in the catalog.
    await withStore(async (store) =>
      expect((await store.get(skill.id))?.files).toEqual(['scripts/run.sh']),
    );
    const second = await withStore(async (store) => {
      expect(store.stats().lastScanParsed).toBe(0);
      return (await store.get(skill.id))?.files;
    });
    expect(second).toEqual(['scripts/run.sh']);

    const folder = join(directory.path, 'Users', 'alice', 'release-checklist');
    await writeFile(join(folder, 'scripts', 'check.sh'), 'echo check');
    await mkdir(join(folder, 'references', 'deep'), { recursive: true });
    await writeFile(join(folder, 'references', 'deep', 'notes.md'), '# notes');
    await writeFile(join(folder, 'README.txt'), 'read me');
    expect(await withStore(async (store) => (await store.get(skill.id))?.files)).toEqual([
      'README.txt',
      'references/deep/notes.md',
      'scripts/check.sh',
      'scripts/run.sh',
    ]);

    await rm(join(folder, 'scripts', 'run.sh'));
    await writeFile(join(folder, 'references', 'deep', 'more.md'), '# more');
    expect(await withStore(async (store) => (await store.get(skill.id))?.files)).toEqual([
      'README.txt',
      'references/deep/more.md',
      'references/deep/notes.md',
      'scripts/check.sh',
    ]);
  });

  it('finds a skill folder added by hand beside cached ones', async () => {
    directory = await createTempDirectory();
    await withStore((store) => store.put(userSkill('alice')));
    await withStore(async (store) => store.list());
    const folder = join(directory.path, 'Users', 'alice', 'pdf-summary');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'SKILL.md'),
      '---\nname: pdf-summary\ndescription: Summarise a PDF.\n---\n\nRead it all.\n',
    );
    const names = await withStore(async (store) =>
      (await store.list({ scope: 'user', owner: 'alice' })).map((item) => item.name),
    );
    expect(names.sort()).toEqual(['pdf-summary', 'release-checklist']);
  });
});
