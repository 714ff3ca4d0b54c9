// The benchmark's skill stores: the folders of bench-library.ts imported into a store once and
// cached in the temp folder between runs.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { libraryFolder } from './bench-library';

const DATABASE_URL = /^(postgres|postgresql|pglite):/;

/**
 * AutoSkill on the offline defaults over `location` (a store folder, or a database URL:
 * postgres://…, pglite:///dir), quiet: what every bench process opens.
 */
export function offlineAutoSkill(location: string): AutoSkill {
  return new AutoSkill({
    ...(DATABASE_URL.test(location) ? { databaseUrl: location } : { storeDir: location }),
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

/**
 * The skills of `storeWith(count)` copied into a database with their history (a re-run copies
 * nothing new), so the proxy over the database serves the same skills as over the folder.
 */
export async function databaseWith(count: number, databaseUrl: string): Promise<string> {
  if (!DATABASE_URL.test(databaseUrl) || databaseUrl.startsWith('pglite://memory'))
    throw new Error(
      '--database-url: postgres://… or pglite:///absolute/dir (the proxy runs in another process)',
    );
  const source = offlineAutoSkill(await storeWith(count));
  const target = offlineAutoSkill(databaseUrl);
  try {
    const started = performance.now();
    const report = await target.copySkillsFrom(source);
    console.log(
      `database: ${report.created.length + report.updated.length} skills copied (${report.unchanged.length} already there) in ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
  return databaseUrl;
}
