import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../database';
import { connectPostgres } from '../pg-database';
import { openPglite } from '../pglite-database';
import { createTestPglite } from './pglite-template';

/** Set to a server's URL to run these tests against real PostgreSQL instead of PGlite. */
export const TEST_DATABASE_URL = process.env.AUTOSKILL_TEST_DATABASE_URL || undefined;

/** Which database the tests of this run use. */
export const TEST_DATABASE_KIND = TEST_DATABASE_URL ? 'pg' : 'pglite';

/** PGlite's first start runs initdb in WebAssembly: seconds on a quiet machine, far more on a busy one. */
export const DATABASE_START_TIMEOUT = 240_000;

/**
 * One database for the test file (PGlite in memory, or the server of AUTOSKILL_TEST_DATABASE_URL),
 * opened before its tests and closed after them. Tests keep apart by using a fresh schema each.
 */
export function useTestDatabase(options: { vector?: boolean } = {}): () => Database {
  let database: Database | undefined;
  let pglite: PGlite | undefined;
  beforeAll(async () => {
    if (TEST_DATABASE_URL) {
      database = connectPostgres({ connectionString: TEST_DATABASE_URL });
    } else {
      pglite = await createTestPglite({ vector: options.vector ?? false });
      database = await openPglite({ pglite });
    }
  }, DATABASE_START_TIMEOUT);
  afterAll(async () => {
    await database?.close();
    await pglite?.close();
  });
  return () => {
    if (!database) throw new Error('the test database is not open yet');
    return database;
  };
}

/** A schema name no other test uses. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

export async function dropSchema(database: Database, schema: string): Promise<void> {
  await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/**
 * Another connection to the test database, as another process would have: its own pool on a
 * server; on PGlite (one connection in this process) the same database.
 */
export function anotherConnection(shared: Database): Database {
  if (!TEST_DATABASE_URL) return { ...shared, close: async () => {} };
  return connectPostgres({ connectionString: TEST_DATABASE_URL, max: 2 });
}

/** Polls `check` until it returns true or `ms` pass. */
export async function eventually(check: () => Promise<boolean>, ms = 1000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
