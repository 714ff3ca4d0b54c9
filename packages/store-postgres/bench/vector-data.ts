// Synthetic skills for the vector-search benchmark: texts drawn from topics (clusters) over a
// Zipf vocabulary, embedded with core's offline hashing model, so neighbours are structured like
// real skill descriptions rather than uniform noise. Deterministic (seeded); cached in the temp
// folder with the exact top-10 of every query, since a 1M-vector brute force takes a while.
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHashingEmbeddingModel } from '@autoskill/core';

export const TOP_K = 10;
const TOPICS = 5000;
const WORDS_PER_TOPIC = 30;
const VOCABULARY = 20_000;
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'su',
  'ra',
  'to',
  'vi',
  'de',
  'po',
  'ga',
  'shi',
  'tu',
  'be',
  'xo',
  'fa',
];

export interface Dataset {
  dimensions: number;
  /** `size` unit vectors, row after row. */
  vectors: Float32Array;
  /** `queries.length / dimensions` unit query vectors. */
  queries: Float32Array;
  /** Exact top-10 (row numbers) of every query among the first `size` vectors. */
  truth: Int32Array;
}

export const vectorId = (row: number) => `skill-${row}`;
export const rowOf = (id: string) => Number(id.slice('skill-'.length));

function xorshift(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** Samples 0…n-1 with weight 1/(i+1): a few words are everywhere, most are rare. */
function zipf(n: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let index = 0; index < n; index++) {
    total += 1 / (index + 1);
    cumulative[index] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** Texts of `count` skills then `queries` questions: each from one topic, mixed with common words. */
function* texts(count: number, queries: number): Generator<string> {
  const random = xorshift(20261202);
  const words = Array.from({ length: VOCABULARY }, () => {
    const length = 2 + Math.floor(random() * 3);
    return Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(
      '',
    );
  });
  const topics = Array.from({ length: TOPICS }, () =>
    Array.from({ length: WORDS_PER_TOPIC }, () => Math.floor(random() * VOCABULARY)),
  );
  const common = zipf(VOCABULARY, random);
  const inTopic = zipf(WORDS_PER_TOPIC, random);
  const text = (minWords: number, spread: number, topicShare: number) => {
    const topic = topics[Math.floor(random() * TOPICS)]!;
    const length = minWords + Math.floor(random() * spread);
    const picked: string[] = [];
    for (let index = 0; index < length; index++)
      picked.push(words[random() < topicShare ? topic[inTopic()]! : common()]!);
    return picked.join(' ');
  };
  for (let index = 0; index < count; index++) yield text(12, 19, 0.55);
  for (let index = 0; index < queries; index++) yield text(4, 7, 0.6);
}

async function embedAll(all: Iterable<string>, rows: number, dimensions: number) {
  const model = createHashingEmbeddingModel({ dimensions });
  const out = new Float32Array(rows * dimensions);
  let row = 0;
  let batch: string[] = [];
  const flush = async () => {
    const { embeddings } = await model.doEmbed({ values: batch });
    for (const vector of embeddings) out.set(vector, row++ * dimensions);
    batch = [];
  };
  for (const text of all) {
    batch.push(text);
    if (batch.length === 2048) await flush();
  }
  if (batch.length > 0) await flush();
  return out;
}

/** Exact top-10 rows of each query among the first `size` rows: score, then id, as the indexes rank. */
export function exactTopK(
  vectors: Float32Array,
  queries: Float32Array,
  size: number,
  dimensions: number,
) {
  const count = queries.length / dimensions;
  const truth = new Int32Array(count * TOP_K);
  for (let query = 0; query < count; query++) {
    const best: { row: number; score: number }[] = [];
    const q = queries.subarray(query * dimensions, (query + 1) * dimensions);
    for (let row = 0; row < size; row++) {
      let score = 0;
      const offset = row * dimensions;
      for (let index = 0; index < dimensions; index++)
        score += q[index]! * vectors[offset + index]!;
      if (best.length === TOP_K && score <= best[TOP_K - 1]!.score) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { row, score });
      if (best.length > TOP_K) best.pop();
    }
    best.forEach((match, rank) => {
      truth[query * TOP_K + rank] = match.row;
    });
  }
  return truth;
}

function asFloat32(buffer: Buffer): Float32Array {
  // A fresh Uint8Array owns its (aligned) ArrayBuffer; a Buffer may sit at any offset of a pool.
  const copy = buffer.byteOffset % 4 === 0 ? buffer : new Uint8Array(buffer);
  return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
}

const cacheDir = join(tmpdir(), 'autoskill-vector-search-bench');
const files = (dimensions: number, total: number, queries: number) => {
  const stem = join(cacheDir, `d${dimensions}-n${total}-q${queries}`);
  return { vectors: `${stem}.vectors.f32`, queries: `${stem}.queries.f32`, stem };
};

async function writeAtomically(path: string, data: Uint8Array | Float32Array | Int32Array) {
  await writeFile(`${path}.tmp`, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  await rename(`${path}.tmp`, path);
}

/**
 * Makes (or reads from the cache) `total` skill vectors and `queries` query vectors, and the exact
 * top-10 for each size; smaller sizes are prefixes of the same data. Returns seconds spent.
 */
export async function prepareDataset(
  dimensions: number,
  total: number,
  queries: number,
  sizes: number[],
  log: (line: string) => void,
): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const paths = files(dimensions, total, queries);
  if (!existsSync(paths.vectors)) {
    const started = performance.now();
    const all = await embedAll(texts(total, queries), total + queries, dimensions);
    await writeAtomically(paths.queries, all.subarray(total * dimensions));
    await writeAtomically(paths.vectors, all.subarray(0, total * dimensions));
    log(
      `data: ${total.toLocaleString('en')} skill texts + ${queries} questions embedded (hashing, ${dimensions} dims) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  let loaded: { vectors: Float32Array; queries: Float32Array } | undefined;
  for (const size of sizes) {
    const truthPath = `${paths.stem}.truth-${size}.i32`;
    if (existsSync(truthPath)) continue;
    loaded ??= {
      vectors: asFloat32(await readFile(paths.vectors)),
      queries: asFloat32(await readFile(paths.queries)),
    };
    const started = performance.now();
    await writeAtomically(truthPath, exactTopK(loaded.vectors, loaded.queries, size, dimensions));
    log(
      `data: exact top-${TOP_K} of ${queries} questions over ${size.toLocaleString('en')} vectors in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

/** The cached data for one size (after `prepareDataset`). */
export async function readDataset(
  dimensions: number,
  total: number,
  queries: number,
  size: number,
): Promise<Dataset> {
  const paths = files(dimensions, total, queries);
  // Only the first `size` rows: a 10k run need not hold the 1M file.
  const vectors = new Float32Array(size * dimensions);
  const file = await open(paths.vectors, 'r');
  try {
    await file.read(new Uint8Array(vectors.buffer), 0, vectors.byteLength, 0);
  } finally {
    await file.close();
  }
  const truthBytes = await readFile(`${paths.stem}.truth-${size}.i32`);
  const truth = new Int32Array(new Uint8Array(truthBytes).buffer);
  return { dimensions, vectors, queries: asFloat32(await readFile(paths.queries)), truth };
}

/**
 * Recall@10 of one answer: the share of the exact top-10 found, where a returned row scoring as
 * high as the exact 10th (within float rounding) also counts, so ties do not count as misses.
 */
export function recallAt10(data: Dataset, query: number, returnedIds: string[]): number {
  const { dimensions, vectors, queries, truth } = data;
  const q = queries.subarray(query * dimensions, (query + 1) * dimensions);
  const score = (row: number) => {
    let sum = 0;
    for (let index = 0; index < dimensions; index++)
      sum += q[index]! * vectors[row * dimensions + index]!;
    return sum;
  };
  const exact = new Set(truth.subarray(query * TOP_K, (query + 1) * TOP_K));
  const tenth = score(truth[query * TOP_K + TOP_K - 1]!);
  let found = 0;
  for (const id of returnedIds.slice(0, TOP_K)) {
    const row = rowOf(id);
    if (exact.has(row) || score(row) >= tenth - 1e-5) found++;
  }
  return found / TOP_K;
}
