// Query, write and open figures for the flat vector index.
// Run: cd packages/vectors-flat && pnpm tsx bench/query.ts [sizes…]   (default 1000 10000 100000)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createFlatVectorIndex } from '../src/index';

const DIMENSIONS = 256;
const QUERIES = 300;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => size > 0);

let seed = 42;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}

function denseVector(): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  for (let index = 0; index < DIMENSIONS; index++) vector[index] = random() - 0.5;
  return vector;
}

/** Like the hashing embedding of a short query: 10–30 non-zero dimensions. */
function sparseVector(): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  const active = 10 + Math.floor(random() * 21);
  for (let count = 0; count < active; count++)
    vector[Math.floor(random() * DIMENSIONS)] = random() < 0.5 ? -1 : 1;
  return vector;
}

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function format(milliseconds: number): string {
  return milliseconds < 10 ? milliseconds.toFixed(2) : milliseconds.toFixed(1);
}

async function timeQueries(
  index: Awaited<ReturnType<typeof createFlatVectorIndex>>,
  make: () => Float32Array,
  options: { topK: number; filter?: (id: string) => boolean },
): Promise<string> {
  const queries = Array.from({ length: QUERIES }, make);
  for (const vector of queries.slice(0, 20)) await index.query({ vector, ...options });
  const samples: number[] = [];
  for (const vector of queries) {
    const started = performance.now();
    await index.query({ vector, ...options });
    samples.push(performance.now() - started);
  }
  return `p50 ${format(percentile(samples, 0.5))} ms, p95 ${format(percentile(samples, 0.95))} ms`;
}

async function bench(size: number): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'vectors-flat-bench-'));
  const options = { directory, name: 'bench', dimensions: DIMENSIONS, logger: { warn: () => {} } };
  try {
    const index = await createFlatVectorIndex(options);
    const ids = Array.from({ length: size }, (_, position) => `skill-${position.toString(36)}`);
    let started = performance.now();
    for (let start = 0; start < size; start += 256) {
      await index.upsert(
        ids.slice(start, start + 256).map((id) => ({ id, vector: denseVector(), hash: id })),
      );
    }
    const bulkSeconds = (performance.now() - started) / 1000;

    const singles = 200;
    started = performance.now();
    for (let count = 0; count < singles; count++) {
      await index.upsert([{ id: ids[count % size]!, vector: denseVector(), hash: `v${count}` }]);
    }
    const singleMs = (performance.now() - started) / singles;

    const sparse = await timeQueries(index, sparseVector, { topK: 64 });
    const dense = await timeQueries(index, denseVector, { topK: 64 });
    const filtered = await timeQueries(index, sparseVector, {
      topK: 64,
      filter: (id) => id.charCodeAt(id.length - 1) % 2 === 0,
    });
    await index.close();

    started = performance.now();
    const reopened = await createFlatVectorIndex(options);
    const openMs = performance.now() - started;
    await reopened.close();

    const memory = Math.round(process.memoryUsage().rss / 1024 / 1024);
    console.log(`\n${size.toLocaleString('en')} × ${DIMENSIONS} dims`);
    console.log(
      `  bulk upsert (batches of 256, fsync each): ${Math.round(size / bulkSeconds).toLocaleString('en')} vectors/s`,
    );
    console.log(`  single upsert (fsync each): ${format(singleMs)} ms/op`);
    console.log(`  query sparse (10–30 dims), topK 64: ${sparse}`);
    console.log(`  query dense (256 dims), topK 64:    ${dense}`);
    console.log(`  query sparse + filter (½ pass):      ${filtered}`);
    console.log(`  open (snapshot load): ${format(openMs)} ms; process RSS ${memory} MiB`);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

for (const size of sizes.length > 0 ? sizes : [1_000, 10_000, 100_000]) await bench(size);
