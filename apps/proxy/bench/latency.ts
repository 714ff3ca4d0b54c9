// Added time-to-first-byte of the proxy over calling the (fake) upstream directly, for streaming
// chat at 1, 16 and 64 concurrent closed-loop clients, over a store of 1,000 skills; then the
// proxy's RSS at 10,000 skills. Vendor, proxy and load generator run in separate processes.
// Direct and proxied runs alternate in rounds (background load hits both alike) after a warm-up
// at the highest concurrency (every keep-alive pool already open).
// Last, the same over a paced vendor (an event every 20 ms, 6 to 22 per answer), where 16 or 64
// clients are 16 or 64 real concurrent streams instead of saturating the proxy.
// Each table also shows the proxy's own time (its Server-Timing header) and is followed by the
// floor: a 30-line node:http relay with no AutoSkill, measured the same way on the same machine.
// The proxy and the relay run compiled like the published packages (bare node, no TypeScript
// loader); --from-source runs them through tsx instead.
// --database-url postgres://…|pglite:///dir: the proxy's store in that database (the same 1,000
// skills, copied there first) instead of a folder; --skip-floor leaves out the passthrough and
// relay tables, which do not depend on the store.
// Run: pnpm tsx apps/proxy/bench/latency.ts [--requests 2000] [--skip-paced] [--skip-rss] [--from-source]
//        [--database-url URL] [--skip-floor]
// Env: BENCH_VENDOR=test-vendors (the tests' fake vendor), BENCH_CPU_PROF=<dir> (proxy profile).
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseWith, storeWith } from './bench-store';
import { bundleServers } from './bundle-servers';
import { cpuOf, measure, percentile, rssOf } from './load-client';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const requestsPerLevel = Number(args[args.indexOf('--requests') + 1]) || 2000;
const skipRss = args.includes('--skip-rss');
const skipPaced = args.includes('--skip-paced');
const skipFloor = args.includes('--skip-floor');
const databaseUrl = args.includes('--database-url')
  ? args[args.indexOf('--database-url') + 1]
  : undefined;
// Default: proxy and relay compiled like the published packages, on bare node. --from-source: tsx.
const fromSource = args.includes('--from-source');
const COMPILED = ['serve-proxy', 'serve-bare-relay'];
const compiledDir = fromSource ? undefined : await bundleServers(COMPILED);
// Paced: about 25 answers per client per level, each client's start spread over one answer.
const pacedRequests = (concurrency: number) => 25 * concurrency;
const PACED_RAMP_MS = 300;
const ROUNDS = 5;

function startChild(
  script: string,
  childArgs: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; line: string }> {
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the proxy (open it in Chrome DevTools).
  const profile =
    process.env.BENCH_CPU_PROF && script === 'serve-proxy.ts'
      ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
      : [];
  const name = script.replace(/\.ts$/, '');
  const entry =
    compiledDir && COMPILED.includes(name)
      ? [join(compiledDir, `${name}.mjs`)]
      : ['--import', 'tsx', join(here, script)];
  const child = spawn(process.execPath, [...profile, ...entry, ...childArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve({ child, line: buffer.slice(0, newline).trim() });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

interface Comparison {
  base: number[];
  through: number[];
  /** Proxy CPU (user + system) per proxied request, ms. */
  cpu: number;
  /** The proxy's own time per request (its Server-Timing `autoskill` entry), sorted. */
  own: number[];
}

/** The same load on the direct and the proxied URL, alternating in rounds. */
async function compare(
  direct: string,
  proxied: string,
  pid: number,
  concurrency: number,
  unique: boolean,
  total = requestsPerLevel,
  rampMs = 0,
): Promise<Comparison> {
  const perRound = Math.ceil(total / ROUNDS);
  const base: number[] = [];
  const through: number[] = [];
  const own: number[] = [];
  let cpu = 0;
  for (let round = 0; round < ROUNDS; round++) {
    base.push(...(await measure(direct, concurrency, perRound, { unique, rampMs })));
    const before = await cpuOf(pid);
    through.push(...(await measure(proxied, concurrency, perRound, { unique, own, rampMs })));
    cpu += (await cpuOf(pid)) - before;
  }
  base.sort((a, b) => a - b);
  through.sort((a, b) => a - b);
  own.sort((a, b) => a - b);
  return { base, through, cpu: cpu / (perRound * ROUNDS), own };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

function row(concurrency: number, { base, through, cpu, own }: Comparison): string {
  const [b50, b95, t50, t95] = [
    percentile(base, 50),
    percentile(base, 95),
    percentile(through, 50),
    percentile(through, 95),
  ];
  return `${String(concurrency).padStart(7)} | ${ms(b50)} / ${ms(b95)} | ${ms(t50)} / ${ms(t95)} | ${ms(t50 - b50)} / ${ms(t95 - b95)} | ${own.length === 0 ? '(no header)        ' : `${ms(percentile(own, 50))} / ${ms(percentile(own, 95))}`} | ${ms(cpu)}`;
}

// "own": the proxy's Server-Timing `autoskill` entry — body read → upstream call, its work alone.
const HEADER =
  'clients | direct p50 / p95    | proxy p50 / p95      | added p50 / p95      | own p50 / p95        | proxy CPU per request';

/** Long enough for V8 to optimise the hot paths, at 64 clients so every keep-alive pool is open. */
async function warmUp(direct: string, proxied: string): Promise<void> {
  await measure(direct, 64, 3000);
  await measure(proxied, 64, 3000);
  await measure(proxied, 16, 1500, { unique: true });
}

/** Starts a child, runs `use` with its URL and pid, then stops it. */
async function withChild<T>(
  script: string,
  childArgs: string[],
  env: Record<string, string>,
  use: (url: string, pid: number, readyMs: string) => Promise<T>,
): Promise<T> {
  const { child, line } = await startChild(script, childArgs, env);
  const [url, readyMs] = line.split(' ') as [string, string];
  try {
    return await use(`${url}/v1/chat/completions`, child.pid as number, readyMs);
  } finally {
    child.kill('SIGTERM');
  }
}

/** One table: the same load direct and through `proxied`, at each concurrency. */
async function table(
  title: string,
  directUrl: string,
  proxied: string,
  pid: number,
  unique: boolean,
  concurrencies: number[],
  paced = false,
): Promise<void> {
  console.log(`\n${title}`);
  console.log(HEADER);
  for (const concurrency of concurrencies) {
    const total = paced ? pacedRequests(concurrency) : requestsPerLevel;
    const ramp = paced ? PACED_RAMP_MS : 0;
    console.log(
      row(concurrency, await compare(directUrl, proxied, pid, concurrency, unique, total, ramp)),
    );
  }
}

const upstream = await startChild('serve-fake-upstream.ts', []);
const direct = `${upstream.line}/chat/completions`;
try {
  const store = databaseUrl ? await databaseWith(1000, databaseUrl) : await storeWith(1000);
  // Never print the URL itself: it may carry a password.
  const where = databaseUrl ? `a database (${databaseUrl.split(':')[0]})` : 'a local store folder';
  await withChild('serve-proxy.ts', [store, upstream.line], {}, async (proxied, pid, readyMs) => {
    console.log(
      `proxy ready in ${readyMs} ms over 1,000 skills in ${where}; ${requestsPerLevel} streaming requests per level in ${ROUNDS} rounds (after warm-up)`,
    );
    await warmUp(direct, proxied);
    for (const unique of [false, true])
      await table(
        unique
          ? 'unique questions (every request searches 1,000 skills):'
          : 'repeated questions (retrieval cache hits, like an agent loop):',
        direct,
        proxied,
        pid,
        unique,
        [1, 16, 64],
      );
    console.log(`proxy RSS at 1,000 skills after the runs: ${(await rssOf(pid)).toFixed(0)} MB`);
  });
  // The same proxy with retrieval off (top_k 0): the cost of the passthrough alone.
  if (!skipFloor)
    await withChild(
      'serve-proxy.ts',
      [store, upstream.line],
      { BENCH_TOP_K: '0' },
      async (url, pid) => {
        await warmUp(direct, url);
        await table(
          'passthrough only (top_k 0, no retrieval):',
          direct,
          url,
          pid,
          true,
          [1, 16, 64],
        );
      },
    );
  // The floor: what any Node relay adds here (no AutoSkill at all).
  if (!skipFloor)
    await withChild('serve-bare-relay.ts', [upstream.line], {}, async (url, pid) => {
      await warmUp(direct, url);
      await table(
        'floor: a 30-line node:http relay, no AutoSkill:',
        direct,
        url,
        pid,
        true,
        [1, 16, 64],
      );
    });
  if (!skipPaced) {
    const paced = await startChild('serve-fake-upstream.ts', [], { BENCH_PACE_MS: '20' });
    const pacedDirect = `${paced.line}/chat/completions`;
    try {
      await withChild('serve-proxy.ts', [store, paced.line], {}, async (url, pid) => {
        await measure(pacedDirect, 64, 640);
        await measure(url, 64, 640);
        for (const unique of [false, true])
          await table(
            `paced vendor (an event every 20 ms, 6–22 per answer), ${unique ? 'unique' : 'repeated'} questions, 25 answers per client:`,
            pacedDirect,
            url,
            pid,
            unique,
            [16, 64],
            true,
          );
      });
      await withChild('serve-bare-relay.ts', [paced.line], {}, async (url, pid) => {
        await measure(url, 64, 640);
        await table(
          'floor over the paced vendor (30-line relay):',
          pacedDirect,
          url,
          pid,
          true,
          [16, 64],
          true,
        );
      });
    } finally {
      paced.child.kill('SIGTERM');
    }
  }
  // The RSS figure is of a 10,000-skill folder store; not repeated over a database.
  if (!skipRss && !databaseUrl) {
    const big = await storeWith(10_000);
    await withChild('serve-proxy.ts', [big, upstream.line], {}, async (url, pid, readyMs) => {
      await measure(url, 16, 200);
      const after = await measure(url, 16, 200);
      console.log(
        `10,000 skills: ready in ${readyMs} ms; RSS ${(await rssOf(pid)).toFixed(0)} MB; proxy TTFB at 16 clients p50 ${ms(percentile(after, 50))}, p95 ${ms(percentile(after, 95))}`,
      );
    });
  }
} finally {
  upstream.child.kill('SIGTERM');
}
