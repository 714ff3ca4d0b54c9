// Vector search at 10k / 100k / 1M skills: pgvector HNSW vs the flat fallback vs in-process exact
// indexes. Per backend and size: load (and index build / replica open) time, top-10 query p50/p95,
// recall@10 against exact brute force, process RSS. Each backend runs in its own process.
// Run: pnpm bench vector-search [--sizes 10k,100k,1M] [--queries 200] [--dims 256]
//        [--backends memory,vectors-flat,flat-server,flat-pglite,pgvector-pglite,pgvector-server]
//        [--budget-minutes 30] [--database-url postgres://…]
// flat-server needs a server: bash scripts/with-postgres.sh pnpm bench vector-search
// pgvector-server (only when named) needs a server with pgvector: --database-url postgres://…
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BACKENDS, type BackendName, loadBackend } from './vector-backends';
import { prepareDataset, readDataset, recallAt10 } from './vector-data';

interface Result {
  backend: BackendName;
  size: number;
  phases: Record<string, number>;
  rssMiB: number;
  searches: { label: string; p50: number; p95: number; recall: number }[];
  notes: string[];
}

const WARM_UP = 20;

function flag(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? (args[at + 1] as string) : fallback;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!match) throw new Error(`--sizes: "${text}" is not a size (e.g. 10000, 100k, 1M)`);
  const unit = match[2]?.toLowerCase() === 'k' ? 1e3 : match[2]?.toLowerCase() === 'm' ? 1e6 : 1;
  return Math.round(Number(match[1]) * unit);
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

const rssMiB = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

/** Child: loads one backend, queries it, prints one JSON result line (progress lines before it). */
async function worker(job: {
  backend: BackendName;
  size: number;
  total: number;
  /** Questions measured: the first ones of the `generated` in the data set. */
  queries: number;
  generated?: number;
  dimensions: number;
  databaseUrl: string | undefined;
}): Promise<void> {
  const generated = job.generated ?? job.queries;
  const emit = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  let data: Awaited<ReturnType<typeof readDataset>> | undefined = await readDataset(
    job.dimensions,
    job.total,
    generated,
    job.size,
  );
  const queryVectors = data.queries.slice();
  const input = {
    dimensions: job.dimensions,
    size: job.size,
    vectors: data.vectors,
    databaseUrl: job.databaseUrl,
    progress: (phase: string, rows: number, seconds: number) =>
      emit({ progress: { phase, rows, seconds } }),
  };
  const loaded = await loadBackend(job.backend, input);
  // The data set is dropped before RSS is read: the figure is the backend's, not the benchmark's.
  // (`input` itself may live on in the backend's closures.)
  input.vectors = new Float32Array(0);
  data = undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const rss = rssMiB();
  const answers: { label: string; p50: number; p95: number; ids: string[][] }[] = [];
  for (const search of loaded.searches) {
    const vector = (query: number) =>
      queryVectors.subarray(query * job.dimensions, (query + 1) * job.dimensions);
    for (let query = 0; query < WARM_UP; query++) await search.query(vector(query));
    const samples: number[] = [];
    const ids: string[][] = [];
    for (let query = 0; query < job.queries; query++) {
      const started = performance.now();
      ids.push(await search.query(vector(query)));
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    answers.push({
      label: search.label,
      p50: percentile(samples, 0.5),
      p95: percentile(samples, 0.95),
      ids,
    });
  }
  await loaded.close();
  const exact = await readDataset(job.dimensions, job.total, generated, job.size);
  const recall = (ids: string[][]) =>
    ids.reduce((sum, answer, query) => sum + recallAt10(exact, query, answer), 0) / ids.length;
  const result: Result = {
    backend: job.backend,
    size: job.size,
    phases: loaded.phases,
    rssMiB: rss,
    searches: answers.map(({ label, p50, p95, ids }) => ({ label, p50, p95, recall: recall(ids) })),
    notes: loaded.notes,
  };
  emit({ result });
}

/** Parent: runs one worker within the time budget; resolves to its result or why there is none. */
function runWorker(
  job: Parameters<typeof worker>[0],
  budgetMs: number,
): Promise<{ result?: Result; failure?: string }> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=12288',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--worker',
      JSON.stringify(job),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let last: { phase: string; rows: number; seconds: number } | undefined;
  let result: Result | undefined;
  let stderr = '';
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      try {
        const message = JSON.parse(line) as { progress?: typeof last; result?: Result };
        if (message.progress) last = message.progress;
        if (message.result) result = message.result;
      } catch {
        process.stderr.write(`${line}\n`);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, budgetMs);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result) return resolve({ result });
      const rate = last
        ? `; last progress: ${last.phase} ${last.rows.toLocaleString('en')} rows in ${last.seconds.toFixed(0)} s (${Math.round(last.rows / last.seconds).toLocaleString('en')} rows/s)`
        : '';
      const why = timedOut
        ? `did not finish within ${budgetMs / 60000} min${rate}`
        : `failed (exit ${code ?? signal})${rate}: ${failureOf(stderr)}`;
      resolve({ failure: why });
    });
  });
}

/** The lines of a crashed worker's stderr that say why (an error object prints over many lines). */
function failureOf(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const at = lines.findIndex((line) => /error|abort|memory/i.test(line));
  return (at >= 0 ? lines.slice(at, at + 6) : lines.slice(-3)).join(' | ');
}

function formatSeconds(value: number | undefined): string {
  if (value === undefined) return '–';
  return value < 10 ? `${value.toFixed(2)} s` : `${value.toFixed(0)} s`;
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

async function main(args: string[]): Promise<void> {
  const sizes = flag(args, '--sizes', '10k,100k,1M').split(',').map(parseSize);
  const queries = Number(flag(args, '--queries', '200'));
  const dimensions = Number(flag(args, '--dims', '256'));
  const budgetMs = Number(flag(args, '--budget-minutes', '30')) * 60_000;
  const databaseUrl =
    flag(args, '--database-url', process.env.AUTOSKILL_TEST_DATABASE_URL ?? '') || undefined;
  const byDefault = Object.keys(BACKENDS).filter((name) => name !== 'pgvector-server');
  const backends = flag(args, '--backends', byDefault.join(',')).split(',') as BackendName[];
  for (const backend of backends)
    if (!(backend in BACKENDS))
      throw new Error(`--backends: unknown "${backend}" (${Object.keys(BACKENDS).join(', ')})`);
  if (!(queries > 0 && dimensions > 1 && budgetMs > 0))
    throw new Error('--queries, --dims and --budget-minutes take positive numbers');
  const total = Math.max(...sizes);
  console.log(
    `vector search: ${queries} top-${10} questions, hashing embeddings (${dimensions} dims) of synthetic skills in 5,000 topics; ${new Date().toISOString()}; load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  for (const [name, about] of Object.entries(BACKENDS))
    if (backends.includes(name as BackendName)) console.log(`  ${name}: ${about}`);
  // At least 200 questions are generated (and cached) whatever is measured: fewer reuse them.
  const generated = Math.max(200, queries);
  await prepareDataset(dimensions, total, generated, sizes, (line) => console.log(line));
  console.log(
    '\n| skills | backend | load | index build / replica open | RSS | search | p50 | p95 | recall@10 |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  const notes = new Set<string>();
  for (const size of sizes) {
    for (const backend of backends) {
      if (backend === 'flat-server' && !databaseUrl) {
        notes.add(
          'flat-server skipped: no --database-url / AUTOSKILL_TEST_DATABASE_URL (scripts/with-postgres.sh sets it)',
        );
        continue;
      }
      const { result, failure } = await runWorker(
        { backend, size, total, queries, generated, dimensions, databaseUrl },
        budgetMs,
      );
      const label = size.toLocaleString('en');
      if (!result) {
        console.log(`| ${label} | ${backend} | ${failure} | | | | | | |`);
        continue;
      }
      for (const note of result.notes) notes.add(`${backend}: ${note}`);
      const second = result.phases['index build'] ?? result.phases['replica open'];
      result.searches.forEach((search, position) => {
        const head =
          position === 0
            ? `| ${label} | ${backend} | ${formatSeconds(result.phases.load)} | ${formatSeconds(second)} | ${result.rssMiB} MiB`
            : '| | | | |';
        console.log(
          `${head} | ${search.label} | ${ms(search.p50)} ms | ${ms(search.p95)} ms | ${search.recall.toFixed(3)} |`,
        );
      });
    }
  }
  for (const note of notes) console.log(`- ${note}`);
}

const args = process.argv.slice(2);
if (args[0] === '--worker') await worker(JSON.parse(args[1] as string));
else await main(args);
