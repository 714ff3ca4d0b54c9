// Benchmark of the PostgreSQL store and vector index on synthetic data.
// Run from the repo root: npx tsx packages/store-postgres/bench/postgres.ts
// On PGlite by default; with AUTOSKILL_TEST_DATABASE_URL on that server (scripts/with-postgres.sh).
import type { SkillPutInput } from '@autoskill/core';
import {
  connectPostgres,
  createPostgresSkillStore,
  createPostgresVectorIndex,
  type Database,
  openPglite,
  type VectorSearch,
} from '../src/index';

const SKILLS = 500;
const VECTORS = 5000;
const DIMENSIONS = 256;
const url = process.env.AUTOSKILL_TEST_DATABASE_URL;

function percentile(samples: number[], share: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0).toFixed(2)} ms`;
}

async function timed(samples: number[], work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  samples.push(performance.now() - started);
}

function input(index: number): SkillPutInput {
  return {
    id: '',
    name: `skill-${index}`,
    title: `Skill ${index}`,
    description: `What skill ${index} does. Use when the user asks for task ${index}.`,
    instructions: `# Steps\n\n1. Do step one of ${index}.\n2. Check the result.`,
    version: '0.1.0',
    tags: ['bench'],
    triggers: [`task ${index}`],
    examples: [],
    metadata: {},
    extra: {},
    scope: 'user',
    owner: `user-${index % 10}`,
  };
}

function randomVector(): number[] {
  return Array.from({ length: DIMENSIONS }, () => Math.random() - 0.5);
}

async function benchStore(database: Database): Promise<void> {
  const store = await createPostgresSkillStore({ database, schema: 'bench_store' });
  const puts: number[] = [];
  const ids: string[] = [];
  const started = performance.now();
  for (let index = 0; index < SKILLS; index++) {
    await timed(puts, async () => ids.push((await store.put(input(index))).id));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `put: ${(SKILLS / seconds).toFixed(0)}/s, p50 ${percentile(puts, 0.5)}, p95 ${percentile(puts, 0.95)}`,
  );
  const gets: number[] = [];
  for (const id of ids.slice(0, 200)) await timed(gets, () => store.get(id));
  console.log(`get: p50 ${percentile(gets, 0.5)}, p95 ${percentile(gets, 0.95)}`);
  const lists: number[] = [];
  for (let round = 0; round < 50; round++)
    await timed(lists, () => store.list({ scope: 'all', owner: 'user-1' }));
  console.log(`list (one user's ${SKILLS / 10} + library): p50 ${percentile(lists, 0.5)}`);
  const target = ids[0] as string;
  const mergeStart = performance.now();
  await Promise.all(
    Array.from({ length: 12 }, (_, writer) =>
      store.put(
        { ...input(0), id: target, description: `Merged by writer ${writer}. Use when asked.` },
        { reason: 'merge' },
      ),
    ),
  );
  console.log(
    `12 concurrent merges into one skill: ${(performance.now() - mergeStart).toFixed(0)} ms, now ${(await store.get(target))?.version}`,
  );
  await store.close();
}

async function benchVectors(database: Database, search: VectorSearch): Promise<void> {
  const index = await createPostgresVectorIndex({
    database,
    schema: 'bench_vectors',
    name: `bench-${search}`,
    dimensions: DIMENSIONS,
    search,
  });
  const started = performance.now();
  for (let start = 0; start < VECTORS; start += 500) {
    await index.upsert(
      Array.from({ length: 500 }, (_, offset) => ({
        id: `v${start + offset}`,
        vector: randomVector(),
      })),
    );
  }
  console.log(
    `${search}: upsert ${(VECTORS / ((performance.now() - started) / 1000)).toFixed(0)} vectors/s`,
  );
  const queries: number[] = [];
  for (let round = 0; round < 100; round++)
    await timed(queries, () => index.query({ vector: randomVector(), topK: 8 }));
  console.log(
    `${search}: query topK 8 of ${VECTORS} × ${DIMENSIONS}: p50 ${percentile(queries, 0.5)}, p95 ${percentile(queries, 0.95)}`,
  );
  await index.close();
}

const opening = performance.now();
const database = url ? connectPostgres({ connectionString: url }) : await openPglite();
console.log(
  `${url ? 'PostgreSQL server' : 'PGlite (in memory)'}; opened in ${(performance.now() - opening).toFixed(0)} ms`,
);
for (const schema of ['bench_store', 'bench_vectors'])
  await database.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await benchStore(database);
if (!url || process.env.AUTOSKILL_TEST_PGVECTOR === '1') await benchVectors(database, 'pgvector');
await benchVectors(database, 'flat');
for (const schema of ['bench_store', 'bench_vectors'])
  await database.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await database.close();
