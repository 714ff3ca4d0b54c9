import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

export interface OpenPgliteOptions {
  /** Where PGlite keeps its files; omitted: in memory (gone on close). */
  dataDir?: string;
  /** Load the pgvector extension (`@electric-sql/pglite/vector`). Default true. */
  vector?: boolean;
  /** A PGlite of your own (left open by `close()`). */
  pglite?: PGlite;
}

/**
 * A `Database` on PGlite, PostgreSQL compiled to WebAssembly running in this process (tests, a
 * single machine without a server). `@electric-sql/pglite` is an optional peer dependency: it
 * is loaded only here. PGlite has one connection: transactions run one after another.
 */
export async function openPglite(options: OpenPgliteOptions = {}): Promise<Database> {
  const owns = options.pglite === undefined;
  const db = options.pglite ?? (await createPglite(options));
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    query: async <Row>(sql: string, params?: unknown[]) => ({
      rows: (await target.query<Row>(sql, params)).rows,
    }),
  });
  const plain = wrap(db);
  return {
    kind: 'pglite',
    query: plain.query,
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    async listen(channel, onPayload) {
      const unlisten = await db.listen(channel, (payload) => onPayload(payload));
      return () => unlisten();
    },
    async close() {
      if (owns) await db.close();
    },
  };
}

async function createPglite(options: OpenPgliteOptions): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  const settings: PGliteOptions = {};
  if (options.dataDir !== undefined) settings.dataDir = options.dataDir;
  if (options.vector !== false) {
    const { vector } = await import('@electric-sql/pglite/vector');
    settings.extensions = { vector };
  }
  return PGlite.create(settings);
}
