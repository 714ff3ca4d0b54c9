import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's first start runs initdb in WebAssembly (about a minute on a loaded 2-core machine);
 * starting from a dump of a fresh data directory takes a quarter of that. The first test file
 * that needs PGlite writes the dump to the temp dir, later ones (in this run and the next) load it.
 */
const TEMPLATE = join(tmpdir(), 'autoskill-pglite-0.4-template.tar');

export async function createTestPglite(options: { vector: boolean }): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const extensions = options.vector
    ? { vector: (await import('@electric-sql/pglite/vector')).vector }
    : undefined;
  const template = await readFile(TEMPLATE).catch(() => undefined);
  if (template) {
    try {
      return await PGlite.create({ extensions, loadDataDir: new Blob([template]) });
    } catch {
      await rm(TEMPLATE, { force: true }); // unreadable (another PGlite version?): make it again
    }
  }
  const database = await PGlite.create({ extensions });
  const dump = new Uint8Array(await (await database.dumpDataDir('none')).arrayBuffer());
  // Written aside and renamed, so a parallel test file never reads half a template.
  const partial = `${TEMPLATE}.${process.pid}.${Date.now()}`;
  await writeFile(partial, dump);
  await rename(partial, TEMPLATE);
  return database;
}
