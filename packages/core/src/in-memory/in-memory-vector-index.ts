import { InvalidArgumentError } from '../errors/errors';
import type {
  VectorIndex,
  VectorIndexMatch,
  VectorIndexQueryOptions,
  VectorRecord,
} from '../spec/vector-index';
import { assertAlsoScore, assertTopK, toUnitVector } from '../store-kit/vector-rules';

export interface InMemoryVectorIndexOptions {
  /** Shown in logs and status output. Default `'memory'`. */
  name?: string;
  /** Length of every vector; a positive integer. */
  dimensions: number;
}

interface StoredVector {
  vector: Float32Array;
  hash: string | undefined;
}

/**
 * A `VectorIndex` kept in a Map: the reference implementation, isomorphic (browser, Node, edge).
 * Vectors are stored unit-normalised, so query scores are cosine similarities.
 * Nothing is persisted; use `createFlatVectorIndex()` from `@autoskill/vectors-flat` for that.
 */
export function createInMemoryVectorIndex(options: InMemoryVectorIndexOptions): VectorIndex {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('options', 'expected an object with `dimensions`');
  }
  const dimensions = options.dimensions;
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new InvalidArgumentError(
      'dimensions',
      `expected a positive integer, got ${String(dimensions)}`,
    );
  }
  const name = options.name ?? 'memory';
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('name', 'expected a non-empty string');
  }
  const records = new Map<string, StoredVector>();

  return {
    specificationVersion: 'v1',
    name,
    dimensions,
    async upsert(batch: VectorRecord[]): Promise<void> {
      if (!Array.isArray(batch)) throw new InvalidArgumentError('records', 'expected an array');
      // Validate the whole batch first so a bad record changes nothing.
      const prepared = batch.map((record, index) => {
        if (typeof record !== 'object' || record === null) {
          throw new InvalidArgumentError(`records[${index}]`, 'expected { id, vector, hash? }');
        }
        assertId(record.id, `records[${index}].id`);
        if (record.hash !== undefined && typeof record.hash !== 'string') {
          throw new InvalidArgumentError(
            `records[${index}].hash`,
            'expected a string or undefined',
          );
        }
        const vector = toUnitVector(record.vector, dimensions, `records[${index}].vector`);
        return { id: record.id, stored: { vector, hash: record.hash } };
      });
      for (const { id, stored } of prepared) records.set(id, stored);
    },
    async delete(ids: string[]): Promise<void> {
      if (!Array.isArray(ids))
        throw new InvalidArgumentError('ids', 'expected an array of strings');
      ids.forEach((id, index) => {
        assertId(id, `ids[${index}]`);
      });
      for (const id of ids) records.delete(id);
    },
    async query(queryOptions: VectorIndexQueryOptions): Promise<VectorIndexMatch[]> {
      if (typeof queryOptions !== 'object' || queryOptions === null) {
        throw new InvalidArgumentError('query', 'expected { vector, topK, filter?, alsoScore? }');
      }
      const topK = assertTopK(queryOptions.topK);
      const filter = queryOptions.filter;
      if (filter !== undefined && typeof filter !== 'function') {
        throw new InvalidArgumentError('filter', 'expected a function (id) => boolean');
      }
      const alsoScore = assertAlsoScore(queryOptions.alsoScore);
      const query = toUnitVector(queryOptions.vector, dimensions, 'query.vector');
      if (topK === 0) return [];
      const wanted = alsoScore.length > 0 ? new Set(alsoScore) : undefined;
      const best: VectorIndexMatch[] = [];
      const extra = new Map<string, number>();
      for (const [id, stored] of records) {
        if (filter && !filter(id)) continue;
        let score = 0;
        const vector = stored.vector;
        for (let index = 0; index < dimensions; index++) score += query[index]! * vector[index]!;
        insertBounded(best, { id, score }, topK);
        if (wanted?.has(id)) extra.set(id, score);
      }
      for (const match of best) extra.delete(match.id);
      for (const [id, score] of extra) best.push({ id, score });
      return best;
    },
    async get(id: string): Promise<Float32Array | undefined> {
      assertId(id, 'id');
      const stored = records.get(id);
      return stored ? stored.vector.slice() : undefined;
    },
    async getMany(ids: string[]): Promise<(Float32Array | undefined)[]> {
      if (!Array.isArray(ids))
        throw new InvalidArgumentError('ids', 'expected an array of strings');
      ids.forEach((id, position) => {
        assertId(id, `ids[${position}]`);
      });
      return ids.map((id) => records.get(id)?.vector.slice());
    },
    async getHash(id: string): Promise<string | undefined> {
      assertId(id, 'id');
      return records.get(id)?.hash;
    },
    async ids(): Promise<string[]> {
      return [...records.keys()];
    },
    async count(): Promise<number> {
      return records.size;
    },
    async clear(): Promise<void> {
      records.clear();
    },
    async flush(): Promise<void> {},
    async close(): Promise<void> {},
  };
}

function assertId(id: unknown, argument: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new InvalidArgumentError(argument, 'expected a non-empty string id');
  }
}

/** Keeps `best` sorted (score descending, then id ascending) and at most `limit` long. */
function insertBounded(best: VectorIndexMatch[], match: VectorIndexMatch, limit: number): void {
  if (best.length === limit && !isBetter(match, best[best.length - 1]!)) return;
  let position = best.length;
  while (position > 0 && isBetter(match, best[position - 1]!)) position--;
  best.splice(position, 0, match);
  if (best.length > limit) best.pop();
}

function isBetter(left: VectorIndexMatch, right: VectorIndexMatch): boolean {
  return left.score > right.score || (left.score === right.score && left.id < right.id);
}
