// Test-only: a database URL for the CLI's PostgreSQL tests. With AUTOSKILL_TEST_DATABASE_URL the
// server it names (a fresh schema per call); otherwise an embedded PGlite folder, started from the
// dump of a fresh data directory that @autoskill/store-postgres's tests keep in the temp dir
// (initdb in WebAssembly takes up to a minute on a busy machine; loading the dump a few seconds).
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEMPLATE = join(tmpdir(), 'autoskill-pglite-0.4-template.tar');

/** PGlite's first start can take a minute under load. */
export const DATABASE_START_TIMEOUT = 240_000;

export const TEST_SERVER_URL = process.env.AUTOSKILL_TEST_DATABASE_URL || undefined;

/** A server URL with a schema no other test uses. */
export function serverUrlWithFreshSchema(server: string): string {
  const schema = `cli_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return `${server}${server.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** Makes a PGlite data folder in `directory` and returns its `pglite:///…` URL. */
export async function pgliteUrl(directory: string): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const template = await readFile(TEMPLATE).catch(() => undefined);
  const database = await PGlite.create({
    dataDir: directory,
    ...(template ? { loadDataDir: new Blob([template]) } : {}),
  });
  await database.close();
  return `pglite://${directory}`;
}
