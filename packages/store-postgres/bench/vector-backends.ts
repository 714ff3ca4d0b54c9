// The backends of the vector-search benchmark: how each is loaded with the data set and how it
// answers a top-10 query. One backend per process (vector-search.ts runs each in a child).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInMemoryVectorIndex, type VectorIndex, type VectorRecord } from '@autoskill/core';
// Bench-only: the local store's index, from source (not a dependency of this package).
import { createFlatVectorIndex } from '../../vectors-flat/src/index';
import {
  connectPostgres,
  createPostgresVectorIndex,
  type Database,
  openPglite,
  vectorTableName,
} from '../src/index';
import { vectorToText } from '../src/vector-table';
import { TOP_K, vectorId } from './vector-data';

export const BACKENDS = {
  memory: "in-process exact index alone (core's, the copy inside the flat fallback)",
  'vectors-flat': 'in-process exact index of the local store (@autoskill/vectors-flat, files)',
  'flat-server': 'flat fallback: bytea table on the PostgreSQL server + in-process exact index',
  'flat-pglite': 'flat fallback on PGlite (in memory)',
  'pgvector-pglite': 'pgvector HNSW (m 16, ef_construction 64) on PGlite (data directory on disk)',
  'pgvector-server':
    'pgvector HNSW (m 16, ef_construction 64) on a server that has the extension (--database-url; only when named)',
} as const;
export type BackendName = keyof typeof BACKENDS;

export interface Search {
  label: string;
  query(vector: Float32Array): Promise<string[]>;
}

export interface LoadedBackend {
  /** Seconds per phase, e.g. `load`, `index build`, `replica open`. */
  phases: Record<string, number>;
  searches: Search[];
  notes: string[];
  close(): Promise<void>;
}

export interface LoadInput {
  dimensions: number;
  size: number;
  /** The rows to load; the caller empties it after loading (closures here may keep `input`). */
  vectors: Float32Array;
  databaseUrl: string | undefined;
  /** Called after each batch: rows written so far and seconds since the phase started. */
  progress(phase: string, rows: number, seconds: number): void;
}

const SCHEMA = 'bench_vector_search';
const NAME = 'bench';

/**
 * The HNSW graph must fit in maintenance_work_mem or pgvector inserts the rest on disk, ~3× slower
 * per row. It takes ~1.6 KB per 256-dim row (1M rows: 1.6 GB). PGlite's backend runs out of memory
 * at about 1 GB and builds died with ~0.3–0.6 GB of graph: 256MB there (~160k rows in memory; 100k
 * fits), not yet proven by a finished 1M run. A server takes what a 1M graph needs.
 */
const MAINTENANCE_WORK_MEM = { pglite: '256MB', server: '2GB' } as const;

const seconds = (since: number) => (performance.now() - since) / 1000;

async function timedPhase<T>(
  phases: Record<string, number>,
  phase: string,
  work: () => Promise<T>,
) {
  const started = performance.now();
  const result = await work();
  phases[phase] = seconds(started);
  return result;
}

/** Upserts every vector in batches (the dataset rows are views, copied by the index). */
async function fill(index: Pick<VectorIndex, 'upsert'>, input: LoadInput, batch: number) {
  const { dimensions, size, vectors } = input;
  const started = performance.now();
  for (let start = 0; start < size; start += batch) {
    const records: VectorRecord[] = [];
    for (let row = start; row < Math.min(size, start + batch); row++)
      records.push({
        id: vectorId(row),
        vector: vectors.subarray(row * dimensions, (row + 1) * dimensions),
      });
    await index.upsert(records);
    input.progress('load', Math.min(size, start + batch), seconds(started));
  }
}

const ids = (matches: { id: string }[]) => matches.map((match) => match.id);

function exactSearch(label: string, index: Pick<VectorIndex, 'query'>): Search {
  return { label, query: async (vector) => ids(await index.query({ vector, topK: TOP_K })) };
}

async function memory(input: LoadInput): Promise<LoadedBackend> {
  const phases: Record<string, number> = {};
  const index = createInMemoryVectorIndex({ name: NAME, dimensions: input.dimensions });
  await timedPhase(phases, 'load', () => fill(index, input, 10_000));
  return {
    phases,
    searches: [exactSearch('exact', index)],
    notes: [],
    close: async () => index.close?.(),
  };
}

async function vectorsFlat(input: LoadInput): Promise<LoadedBackend> {
  const phases: Record<string, number> = {};
  const directory = await mkdtemp(join(tmpdir(), 'vector-search-bench-'));
  const options = { directory, name: NAME, dimensions: input.dimensions, logger: { warn() {} } };
  const writer = await createFlatVectorIndex(options);
  await timedPhase(phases, 'load', () => fill(writer, input, 10_000));
  await writer.close();
  const index = await timedPhase(phases, 'replica open', () => createFlatVectorIndex(options));
  return {
    phases,
    searches: [exactSearch('exact', index)],
    notes: ['load: batches of 10,000, fsync each'],
    async close() {
      await index.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The flat fallback: written through one index, then opened again as another replica would. */
async function flat(input: LoadInput, database: Database): Promise<LoadedBackend> {
  const phases: Record<string, number> = {};
  await database.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  const options = {
    database,
    schema: SCHEMA,
    name: NAME,
    dimensions: input.dimensions,
    search: 'flat' as const,
  };
  const writer = await createPostgresVectorIndex(options);
  await timedPhase(phases, 'load', () => fill(writer, input, 5000));
  await writer.close();
  const index = await timedPhase(phases, 'replica open', () => createPostgresVectorIndex(options));
  return {
    phases,
    searches: [exactSearch('exact', index)],
    notes: ['load: upserts of 5,000 (multi-row INSERTs of 500), each one transaction'],
    async close() {
      await index.close();
      await database.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await database.close();
    },
  };
}

/**
 * pgvector: the table is filled without its HNSW index (each insert into the graph costs far
 * more), then the index is built as the store makes it (m 16, ef_construction 64, inner product).
 */
async function pgvector(input: LoadInput, database: Database): Promise<LoadedBackend> {
  const phases: Record<string, number> = {};
  const maintenanceWorkMem = MAINTENANCE_WORK_MEM[database.kind === 'pglite' ? 'pglite' : 'server'];
  await database.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  const index = await createPostgresVectorIndex({
    database,
    schema: SCHEMA,
    name: NAME,
    dimensions: input.dimensions,
    search: 'pgvector',
  });
  const tableName = vectorTableName(NAME);
  const table = `"${SCHEMA}"."${tableName}"`;
  await database.query(`DROP INDEX IF EXISTS "${SCHEMA}"."${tableName}_hnsw"`);
  await timedPhase(phases, 'load', () => fill(index, input, 5000));
  await database.query(`SET maintenance_work_mem = '${maintenanceWorkMem}'`);
  await timedPhase(phases, 'index build', () =>
    database.query(
      `CREATE INDEX "${tableName}_hnsw" ON ${table} USING hnsw (embedding vector_ip_ops)`,
    ),
  );
  await database.query(`ANALYZE ${table}`);
  const sql = `SELECT id FROM ${table} ORDER BY embedding <#> $1::vector, id COLLATE "C" LIMIT ${TOP_K}`;
  const plan = await database.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
    vectorToText(input.vectors.subarray(0, input.dimensions)),
  ]);
  const usesIndex = plan.rows.some((row) => row['QUERY PLAN'].includes(`${tableName}_hnsw`));
  // The same SQL as the index's query with a chosen ef_search (it sets 100 for a top-10 itself).
  const withEf = (efSearch: number): Search => ({
    label: `HNSW ef_search ${efSearch}${efSearch === 40 ? " (pgvector's default)" : ''}`,
    query: (vector) =>
      database.transaction(async (tx) => {
        await tx.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(efSearch)]);
        return ids((await tx.query<{ id: string }>(sql, [vectorToText(vector)])).rows);
      }),
  });
  return {
    phases,
    searches: [
      withEf(40),
      exactSearch("HNSW ef_search 100 (index.query, the store's setting)", index),
      withEf(400),
    ],
    notes: [
      `load: upserts of 5,000 into the table without its HNSW index, then CREATE INDEX (maintenance_work_mem ${maintenanceWorkMem})`,
      `query plan ${usesIndex ? 'uses' : 'does NOT use'} the HNSW index`,
    ],
    async close() {
      await index.close();
      await database.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await database.close();
    },
  };
}

export async function loadBackend(name: BackendName, input: LoadInput): Promise<LoadedBackend> {
  switch (name) {
    case 'memory':
      return memory(input);
    case 'vectors-flat':
      return vectorsFlat(input);
    case 'flat-server': {
      if (!input.databaseUrl)
        throw new Error('flat-server needs --database-url or AUTOSKILL_TEST_DATABASE_URL');
      return flat(input, connectPostgres({ connectionString: input.databaseUrl }));
    }
    case 'flat-pglite':
      return flat(input, await openPglite({ vector: false }));
    case 'pgvector-server': {
      if (!input.databaseUrl) throw new Error('pgvector-server needs --database-url');
      return pgvector(input, connectPostgres({ connectionString: input.databaseUrl }));
    }
    case 'pgvector-pglite': {
      // Data directory on disk: a 1M-row table (~1.1 GB) is not held in this process's memory.
      const dataDir = await mkdtemp(join(tmpdir(), 'vector-search-pglite-'));
      const loaded = await pgvector(input, await openPglite({ dataDir }));
      return {
        ...loaded,
        notes: [...loaded.notes, 'PGlite data directory on disk'],
        async close() {
          await loaded.close();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    }
  }
}
