import {
  createInMemoryVectorIndex,
  InvalidArgumentError,
  type VectorIndex,
  type VectorIndexMatch,
  type VectorIndexOpenState,
  type VectorIndexQueryOptions,
  type VectorRecord,
} from '@autoskill/core';
import { assertAlsoScore, assertTopK, toUnitVector } from '@autoskill/core/store-kit';
import { type ChangeFeed, openChangeFeed } from './change-feed';
import { assertSafeIdentifier, type Database, type Queryable } from './database';
import { migrate } from './migrations';
import { connectPostgres } from './pg-database';
import {
  bytesToVector,
  openVectorTable,
  pgvectorAvailable,
  textToVector,
  type VectorSearch,
  vectorToBytes,
  vectorToText,
} from './vector-table';

export interface PostgresVectorIndexOptions {
  /** A database from `connectPostgres()` / `openPglite()`, or a `postgres://` connection string. */
  database: Database | string;
  /** PostgreSQL schema holding the tables. Default `autoskill`. */
  schema?: string;
  /** One index per embedding model, e.g. `hashing-default-d256`. */
  name: string;
  dimensions: number;
  /**
   * `pgvector` (HNSW in the database), `flat` (vectors in a table, exact search in this process,
   * kept in sync with other processes through NOTIFY) or `auto` (default): pgvector when the
   * extension is installed or can be created, flat otherwise.
   */
  search?: 'auto' | VectorSearch;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

export interface PostgresVectorIndex extends VectorIndex {
  readonly search: VectorSearch;
  readonly openState: VectorIndexOpenState;
  readonly database: Database;
  readonly schema: string;
  getMany(ids: string[]): Promise<(Float32Array | undefined)[]>;
  close(): Promise<void>;
}

interface PreparedRecord {
  id: string;
  vector: Float32Array;
  hash: string | null;
}

/** Rows per multi-row INSERT (well under PostgreSQL's 65 535 parameters). */
const ROWS_PER_INSERT = 500;

/**
 * A `VectorIndex` in PostgreSQL. With pgvector, vectors live in a `vector(N)` column with an
 * HNSW index and queries run in the database; without it, they live in a `bytea` column and an
 * in-process exact index answers queries, reloading what other processes change (NOTIFY).
 * Vectors are stored unit length: scores are cosine similarities, best first, ties by id.
 */
export async function createPostgresVectorIndex(
  options: PostgresVectorIndexOptions,
): Promise<PostgresVectorIndex> {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('options', 'expected { database, name, dimensions }');
  const { name, dimensions } = options;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new InvalidArgumentError(
      'dimensions',
      `expected a positive integer, got ${String(dimensions)}`,
    );
  }
  const schema = options.schema ?? 'autoskill';
  assertSafeIdentifier(schema, 'schema');
  const wanted = options.search ?? 'auto';
  if (wanted !== 'auto' && wanted !== 'pgvector' && wanted !== 'flat') {
    throw new InvalidArgumentError('search', 'expected "auto", "pgvector" or "flat"');
  }
  const ownsDatabase = typeof options.database === 'string';
  const db =
    typeof options.database === 'string'
      ? connectPostgres({ connectionString: options.database })
      : options.database;
  try {
    if (options.migrate !== false) await migrate(db, { schema });
    let search: VectorSearch = wanted === 'flat' ? 'flat' : 'pgvector';
    if (search === 'pgvector' && !(await pgvectorAvailable(db))) {
      if (wanted === 'pgvector') {
        throw new InvalidArgumentError(
          'search',
          'pgvector is not installed on this PostgreSQL server (use search "auto" or "flat")',
        );
      }
      search = 'flat';
    }
    const opened = await openVectorTable(db, { schema, name, dimensions, search });
    const close = async () => {
      if (ownsDatabase) await db.close();
    };
    const base = { db, schema, name, dimensions, opened, close };
    return search === 'pgvector' ? pgvectorIndex(base) : await flatIndex(base);
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
}

interface IndexBase {
  db: Database;
  schema: string;
  name: string;
  dimensions: number;
  opened: Awaited<ReturnType<typeof openVectorTable>>;
  close(): Promise<void>;
}

/** Queries run in the database: inner product over unit vectors (cosine) on the HNSW index. */
function pgvectorIndex(base: IndexBase): PostgresVectorIndex {
  const { db, dimensions, opened } = base;
  const { table } = opened;
  const storage = tableStorage(db, table, dimensions, {
    cast: 'vector',
    encode: vectorToText,
    decode: textToVector,
  });
  return {
    ...describe(base),
    search: 'pgvector',
    ...storage,
    async query(queryOptions) {
      const { query, topK, filter, alsoScore } = checkQuery(queryOptions, dimensions);
      if (topK === 0) return [];
      const text = vectorToText(query);
      return db.transaction(async (tx) => {
        // HNSW returns at most ef_search rows: ask for enough to fill topK after the filter.
        let limit = filter ? Math.max(topK * 4, 64) : topK;
        let best: VectorIndexMatch[] = [];
        for (;;) {
          // HNSW yields at most ef_search (≤ 1000) rows: past that, scan exactly instead.
          const exact = limit * 2 > 1000;
          await tx.query(
            `SELECT set_config('hnsw.ef_search', $1, true), set_config('enable_indexscan', $2, true)`,
            [String(Math.min(1000, Math.max(100, limit * 2))), exact ? 'off' : 'on'],
          );
          const { rows } = await tx.query<{ id: string; score: number }>(
            `SELECT id, -(embedding <#> $1::vector) AS score FROM ${table}
             ORDER BY embedding <#> $1::vector, id COLLATE "C" LIMIT $2`,
            [text, limit],
          );
          best = rows.filter((row) => !filter || filter(row.id)).map(toMatch);
          if (best.length >= topK || rows.length < limit) break;
          limit *= 4;
        }
        best = best.sort(compareMatches).slice(0, topK);
        const taken = new Set(best.map((match) => match.id));
        const extraIds = [...new Set(alsoScore)].filter((id) => !taken.has(id));
        if (extraIds.length === 0) return best;
        const { rows } = await tx.query<{ id: string; score: number }>(
          `SELECT id, -(embedding <#> $1::vector) AS score FROM ${table} WHERE id = ANY($2::text[])`,
          [text, extraIds],
        );
        const extras = new Map(
          rows.filter((row) => !filter || filter(row.id)).map((row) => [row.id, Number(row.score)]),
        );
        for (const id of extraIds) {
          const score = extras.get(id);
          if (score !== undefined) best.push({ id, score });
        }
        return best;
      });
    },
    close: base.close,
  };
}

/**
 * Vectors in a table, searched in this process: the table is the truth, an in-memory index the
 * copy. Own writes update the copy after commit; other processes' writes arrive as NOTIFY and
 * are read back from the table. Every change to the copy runs in one queue, in commit order.
 */
async function flatIndex(base: IndexBase): Promise<PostgresVectorIndex> {
  const { db, schema, name, dimensions, opened } = base;
  const { table } = opened;
  const storage = tableStorage(db, table, dimensions, {
    cast: 'bytea',
    encode: vectorToBytes,
    decode: (value) => bytesToVector(value, dimensions),
  });
  const copy = createInMemoryVectorIndex({ name, dimensions });
  const toCopy = (records: { id: string; vector: Float32Array; hash: string | null }[]) =>
    copy.upsert(
      records.map((record) => ({
        id: record.id,
        vector: record.vector,
        hash: record.hash ?? undefined,
      })),
    );
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };

  const reload = async (ids: string[] | undefined) => {
    const rows = ids === undefined ? await storage.all() : await storage.rows(ids);
    if (ids === undefined) {
      await copy.clear();
    } else {
      const present = new Set(rows.map((row) => row.id));
      await copy.delete(ids.filter((id) => !present.has(id)));
    }
    await toCopy(rows);
  };
  await reload(undefined);

  // Payload ids are this index's record ids; `clear` and missed notifications reload everything.
  const feed: ChangeFeed = await openChangeFeed(db, `${schema}_vectors`);
  const prefix = `${name}\u0000`;
  const stopListening = feed.onChange((ids) => {
    const mine = ids?.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
    if (mine && mine.length === 0) return;
    feed.takeChanges();
    void inOrder(() => reload(mine?.includes('') ? undefined : mine)).catch(() => {});
  });
  const announce = (tx: Queryable, ids: string[]) =>
    feed.announce(
      tx,
      ids.map((id) => `${prefix}${id}`),
    );

  return {
    ...describe(base),
    search: 'flat',
    async upsert(records) {
      const prepared = prepareRecords(records, dimensions);
      await inOrder(async () => {
        await db.transaction(async (tx) => {
          await storage.write(tx, prepared);
          await announce(
            tx,
            prepared.map((record) => record.id),
          );
        });
        await toCopy(prepared);
      });
    },
    async delete(ids) {
      checkIds(ids);
      await inOrder(async () => {
        await db.transaction(async (tx) => {
          await storage.remove(tx, ids);
          await announce(tx, ids);
        });
        await copy.delete(ids);
      });
    },
    async clear() {
      await inOrder(async () => {
        await db.transaction(async (tx) => {
          await tx.query(`DELETE FROM ${table}`);
          await announce(tx, ['']); // '' = everything
        });
        await copy.clear();
      });
    },
    query: (queryOptions) => copy.query(queryOptions),
    get: (id) => copy.get(id),
    getMany: (ids) => copy.getMany?.(ids) ?? Promise.all(ids.map((id) => copy.get(id))),
    getHash: (id) => copy.getHash(id),
    ids: () => copy.ids(),
    count: () => copy.count(),
    async close() {
      stopListening();
      await queue;
      await feed.close();
      await base.close();
    },
  };
}

function describe(base: IndexBase) {
  return {
    specificationVersion: 'v1' as const,
    name: base.name,
    dimensions: base.dimensions,
    openState: base.opened.openState,
    rebuildReason: base.opened.rebuildReason,
    database: base.db,
    schema: base.schema,
    async flush() {},
  };
}

/** Reads and writes of one index table; `codec` turns vectors into the column's type and back. */
function tableStorage(
  db: Database,
  table: string,
  dimensions: number,
  codec: {
    cast: string;
    encode(vector: Float32Array): unknown;
    decode(value: unknown): Float32Array;
  },
) {
  type Row = { id: string; hash: string | null; embedding: unknown };
  const decodeRow = (row: Row) => ({
    id: row.id,
    hash: row.hash,
    vector: codec.decode(row.embedding),
  });
  const storage = {
    async write(tx: Queryable, records: PreparedRecord[]) {
      for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
        const chunk = records.slice(start, start + ROWS_PER_INSERT);
        const params: unknown[] = [];
        const values = chunk.map((record) => {
          params.push(record.id, record.hash, codec.encode(record.vector));
          const at = params.length;
          return `($${at - 2}, $${at - 1}, $${at}::${codec.cast})`;
        });
        await tx.query(
          `INSERT INTO ${table} (id, hash, embedding) VALUES ${values.join(', ')}
           ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, embedding = EXCLUDED.embedding`,
          params,
        );
      }
    },
    async remove(tx: Queryable, ids: string[]) {
      await tx.query(`DELETE FROM ${table} WHERE id = ANY($1::text[])`, [ids]);
    },
    async rows(ids: string[]) {
      const { rows } = await db.query<Row>(
        `SELECT id, hash, embedding FROM ${table} WHERE id = ANY($1::text[])`,
        [ids],
      );
      return rows.map(decodeRow);
    },
    async all() {
      const { rows } = await db.query<Row>(`SELECT id, hash, embedding FROM ${table}`);
      return rows.map(decodeRow);
    },
    async upsert(records: VectorRecord[]) {
      const prepared = prepareRecords(records, dimensions);
      await db.transaction((tx) => storage.write(tx, prepared));
    },
    async delete(ids: string[]) {
      checkIds(ids);
      await db.transaction((tx) => storage.remove(tx, ids));
    },
    async get(id: string) {
      assertId(id, 'id');
      return (await storage.rows([id]))[0]?.vector;
    },
    async getMany(ids: string[]) {
      checkIds(ids);
      const found = new Map((await storage.rows(ids)).map((row) => [row.id, row.vector]));
      return ids.map((id) => found.get(id)?.slice());
    },
    async getHash(id: string) {
      assertId(id, 'id');
      const { rows } = await db.query<{ hash: string | null }>(
        `SELECT hash FROM ${table} WHERE id = $1`,
        [id],
      );
      return rows[0]?.hash ?? undefined;
    },
    async ids() {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM ${table}`);
      return rows.map((row) => row.id);
    },
    async count() {
      const { rows } = await db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM ${table}`,
      );
      return rows[0]?.count ?? 0;
    },
    async clear() {
      await db.query(`DELETE FROM ${table}`);
    },
  };
  return storage;
}

/** Checks a whole batch before anything is written; the last record of a repeated id wins. */
function prepareRecords(batch: unknown, dimensions: number): PreparedRecord[] {
  if (!Array.isArray(batch)) throw new InvalidArgumentError('records', 'expected an array');
  const byId = new Map<string, PreparedRecord>();
  batch.forEach((record: VectorRecord, index) => {
    if (typeof record !== 'object' || record === null) {
      throw new InvalidArgumentError(`records[${index}]`, 'expected { id, vector, hash? }');
    }
    assertId(record.id, `records[${index}].id`);
    if (record.hash !== undefined && typeof record.hash !== 'string') {
      throw new InvalidArgumentError(`records[${index}].hash`, 'expected a string or undefined');
    }
    const vector = toUnitVector(record.vector, dimensions, `records[${index}].vector`);
    byId.delete(record.id);
    byId.set(record.id, { id: record.id, vector, hash: record.hash ?? null });
  });
  return [...byId.values()];
}

function checkQuery(options: VectorIndexQueryOptions, dimensions: number) {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('query', 'expected { vector, topK, filter?, alsoScore? }');
  }
  const topK = assertTopK(options.topK);
  const filter = options.filter;
  if (filter !== undefined && typeof filter !== 'function') {
    throw new InvalidArgumentError('filter', 'expected a function (id) => boolean');
  }
  const alsoScore = assertAlsoScore(options.alsoScore);
  const query = toUnitVector(options.vector, dimensions, 'query.vector');
  return { query, topK, filter, alsoScore };
}

function checkIds(ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids)) throw new InvalidArgumentError('ids', 'expected an array of strings');
  ids.forEach((id, index) => {
    assertId(id, `ids[${index}]`);
  });
}

function assertId(id: unknown, argument: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidArgumentError(argument, 'expected a non-empty string id');
  }
}

function toMatch(row: { id: string; score: number }): VectorIndexMatch {
  return { id: row.id, score: Number(row.score) };
}

/** Best first, ties by id (code-unit order, like the other indexes). */
function compareMatches(left: VectorIndexMatch, right: VectorIndexMatch): number {
  if (left.score !== right.score) return right.score - left.score;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
