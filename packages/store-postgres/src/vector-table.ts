import { createHash } from 'node:crypto';
import { InvalidArgumentError, type VectorIndexOpenState } from '@autoskill/core';
import type { Database, Queryable } from './database';

/** How an index searches: pgvector's HNSW in the database, or an exact scan in this process. */
export type VectorSearch = 'pgvector' | 'flat';

/** The registry row of an index and how it was opened. */
export interface OpenedVectorTable {
  /** Quoted, schema-qualified table of the index's vectors. */
  table: string;
  search: VectorSearch;
  openState: VectorIndexOpenState;
  rebuildReason: string | undefined;
}

/** pgvector's HNSW indexes take at most 2000 dimensions; beyond that queries scan exactly. */
const HNSW_MAX_DIMENSIONS = 2000;

/** Whether pgvector can be used: installed already, or installable by this role. */
export async function pgvectorAvailable(db: Database): Promise<boolean> {
  const installed = async () =>
    (await db.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).rows.length > 0;
  if (await installed()) return true;
  const available = await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
  if (available.rows.length === 0) return false;
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS vector');
    return true;
  } catch {
    // Another process may have created it at the same moment; otherwise this role may not
    // create extensions, and the flat search works without it.
    return installed();
  }
}

/** `vectors_<readable part>_<hash>`: any index name maps to a safe, unique table name. */
export function vectorTableName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 30);
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `vectors_${slug ? `${slug}_` : ''}${digest}`;
}

/**
 * Finds or makes the index's table under an advisory lock (processes opening it together do not
 * race). A table built for other dimensions or another search is dropped and made again empty
 * (`rebuilt-mismatch`): callers re-embed, as with the flat file index.
 */
export async function openVectorTable(
  db: Database,
  options: { schema: string; name: string; dimensions: number; search: VectorSearch },
): Promise<OpenedVectorTable> {
  const { schema, name, dimensions, search } = options;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
    throw new InvalidArgumentError('name', 'expected a non-empty string of at most 200 chars');
  }
  const tableName = vectorTableName(name);
  const table = `"${schema}"."${tableName}"`;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${schema}:vectors:${name}`,
    ]);
    const { rows } = await tx.query<{ dimensions: number; search: VectorSearch }>(
      `SELECT dimensions, search FROM "${schema}".vector_indexes WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    if (row && row.dimensions === dimensions && row.search === search) {
      return { table, search, openState: 'loaded', rebuildReason: undefined };
    }
    const rebuildReason = row
      ? `the index held ${row.dimensions}-dimension vectors searched by ${row.search}; it now takes ${dimensions} searched by ${search}`
      : undefined;
    await tx.query(`DROP TABLE IF EXISTS ${table}`);
    await createTable(tx, table, tableName, dimensions, search);
    await tx.query(
      `INSERT INTO "${schema}".vector_indexes (name, table_name, dimensions, search) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET dimensions = EXCLUDED.dimensions, search = EXCLUDED.search, created_at = now()`,
      [name, tableName, dimensions, search],
    );
    return {
      table,
      search,
      openState: row ? 'rebuilt-mismatch' : 'created',
      rebuildReason,
    };
  });
}

async function createTable(
  tx: Queryable,
  table: string,
  tableName: string,
  dimensions: number,
  search: VectorSearch,
): Promise<void> {
  const column = search === 'pgvector' ? `vector(${dimensions})` : 'bytea';
  await tx.query(
    `CREATE TABLE ${table} (id text PRIMARY KEY, hash text, embedding ${column} NOT NULL)`,
  );
  if (search === 'pgvector' && dimensions <= HNSW_MAX_DIMENSIONS) {
    // Vectors are stored unit length, so inner product ranks like cosine and zero vectors score 0.
    await tx.query(
      `CREATE INDEX "${tableName}_hnsw" ON ${table} USING hnsw (embedding vector_ip_ops)`,
    );
  }
}

/** Float32 little-endian bytes of a vector (the flat table's `embedding`). */
export function vectorToBytes(vector: Float32Array): Uint8Array {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < vector.length; index++)
    view.setFloat32(index * 4, vector[index]!, true);
  return bytes;
}

export function bytesToVector(value: unknown, dimensions: number): Float32Array {
  if (!(value instanceof Uint8Array) || value.byteLength !== dimensions * 4) {
    throw new Error(`stored vector has the wrong size (expected ${dimensions * 4} bytes)`);
  }
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index++) vector[index] = view.getFloat32(index * 4, true);
  return vector;
}

/** pgvector's text form, `[0.1,0.2]`. */
export function vectorToText(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}

export function textToVector(value: unknown): Float32Array {
  if (typeof value !== 'string') throw new Error('expected a pgvector value in text form');
  return Float32Array.from(JSON.parse(value) as number[]);
}
