import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createTempDirectory, runSkillStoreTests, type TempDirectory } from '@autoskill/test-suite';
import { createLocalSkillStore, type LocalSkillStore } from './index';

const directories = new Map<string, TempDirectory>();

runSkillStoreTests('local', {
  async createStore() {
    const directory = await createTempDirectory();
    const store = await createLocalSkillStore({ directory: directory.path, sync: false });
    directories.set(store.directory, directory);
    return store;
  },
  async reopen(store) {
    await store.close?.();
    return createLocalSkillStore({ directory: (store as LocalSkillStore).directory, sync: false });
  },
  async writeSkillFile(store, { owner, folder, markdown }) {
    const path = join((store as LocalSkillStore).directory, 'Users', owner, folder, 'SKILL.md');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, markdown);
  },
  async cleanup(store) {
    await store.close?.();
    const directory = directories.get((store as LocalSkillStore).directory);
    directories.delete((store as LocalSkillStore).directory);
    await directory?.cleanup();
  },
});
