// The benchmark's skill stores: the folders of bench-library.ts imported into a store once and
// cached in the temp folder between runs.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { libraryFolder } from './bench-library';

/** AutoSkill on the offline defaults over `storeDir`, quiet: what every bench process opens. */
export function offlineAutoSkill(storeDir: string): AutoSkill {
  return new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
  });
}

/** A store with `count` skills (cached between runs in the temp folder). */
export async function storeWith(count: number): Promise<string> {
  const storeDir = join(tmpdir(), `autoskill-proxy-bench-${count}`);
  if (existsSync(join(storeDir, '.bench-ready'))) return storeDir;
  const source = await libraryFolder(count);
  const autoskill = offlineAutoSkill(storeDir);
  const started = performance.now();
  const result = await autoskill.importAgentSkillDirs({
    rootDir: source,
    scope: 'user',
    userId: 'bench',
  });
  await autoskill.close();
  console.log(
    `store: imported ${result.imported.length} skills (${result.skipped.length} skipped) in ${Math.round(performance.now() - started)} ms → ${storeDir}`,
  );
  await writeFile(join(storeDir, '.bench-ready'), '');
  return storeDir;
}
