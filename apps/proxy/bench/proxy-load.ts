// Load as users meet it: the proxy started the way the README says (`pnpm autoskill proxy`, i.e.
// the CLI from source through tsx, or `--compiled` for the built CLI), a library of real skills
// (../shared/data/skillbank-dev/english when present, else the fixtures sample padded with
// generated skills), a fake OpenAI-compatible vendor on 127.0.0.1, and streaming clients:
//   burst  — B requests sent in the same millisecond, repeated; direct and proxied alternate
//   steady — C closed-loop clients for T seconds; req/s and TTFB, direct then proxied
// For each: TTFB p50/p95 direct vs proxy, the added time, the proxy's own Server-Timing, and
// (steady) the learning queue depth over time and the proxy's RSS. Learning on or off.
// Run: pnpm bench proxy-load [--burst 16] [--rounds 30] [--clients 50] [--seconds 15]
//        [--learning on|off] [--workers N] [--compiled] [--skills N] [--cpu-prof DIR]
//        [--bare]  (a bare node:http pass-through instead of AutoSkill: the floor of any Node proxy)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { libraryFolder } from './bench-library';
import { percentile, question, rssOfTree, timeToFirstByte } from './load-client';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}
const burstSize = Number(flag('burst', '16'));
const rounds = Number(flag('rounds', '30'));
const clients = Number(flag('clients', '50'));
const seconds = Number(flag('seconds', '15'));
const learning = flag('learning', 'off') === 'on';
const workers = flag('workers', '');
const compiled = process.argv.includes('--compiled');
const bare = process.argv.includes('--bare');
const skillCount = Number(flag('skills', '657'));
// V8 CPU profiles of the proxy's processes (written when it stops), for `node --cpu-prof`.
const cpuProfileDir = flag('cpu-prof', '');

/** Spawns a child and resolves with it and the first stdout line that matches `ready`. */
function start(command: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, command, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ child: ChildProcess; match: RegExpExecArray }>((resolveStart, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = ready.exec(buffer);
      if (match) resolveStart({ child, match });
    });
    child.once('exit', (code) =>
      reject(new Error(`${command.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** `size` requests in the same millisecond; their TTFBs and the proxy's own times. */
async function burst(url: string, size: number, round: number, own?: number[]) {
  return Promise.all(
    Array.from({ length: size }, (_, index) =>
      timeToFirstByte(url, question(round * size + index, true), own),
    ),
  );
}

/** Closed-loop clients for `durationMs`: TTFB samples and completed requests. */
async function steady(url: string, count: number, durationMs: number, own?: number[]) {
  const samples: number[] = [];
  const deadline = performance.now() + durationMs;
  let index = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (performance.now() < deadline)
        samples.push(await timeToFirstByte(url, question(index++, true), own));
    }),
  );
  return samples;
}

function line(label: string, direct: number[], proxied: number[], own: number[]): string {
  const [d, p, o] = [sorted(direct), sorted(proxied), sorted(own)];
  const added50 = percentile(p, 50) - percentile(d, 50);
  const added95 = percentile(p, 95) - percentile(d, 95);
  return `${label.padEnd(22)} direct ${ms(percentile(d, 50))} / ${ms(percentile(d, 95))}   proxy ${ms(percentile(p, 50))} / ${ms(percentile(p, 95))}   added ${ms(added50)} / ${ms(added95)}   own ${o.length ? `${ms(percentile(o, 50))} / ${ms(percentile(o, 95))}` : '-'}`;
}

/** Waiting / running learning jobs of the process that answers (`/v1/autoskill/extractions/queue`). */
async function queueDepth(base: string): Promise<string> {
  if (bare) return 'n/a';
  const queue = (await fetch(`${base}/v1/autoskill/extractions/queue`).then((response) =>
    response.json(),
  )) as { data?: { queued?: number; running?: number; dropped?: Record<string, number> } };
  const data = queue.data;
  if (!data) return 'n/a';
  const dropped = Object.values(data.dropped ?? {}).reduce((sum, count) => sum + count, 0);
  return `${data.queued ?? 0}/${data.running ?? 0}${dropped ? ` (dropped ${dropped})` : ''}`;
}

const workspace = await mkdtemp(join(tmpdir(), 'autoskill-proxy-load-'));
const vendor = await start(
  ['--import', 'tsx', join(here, 'serve-fake-upstream.ts')],
  {},
  /(http:\S+)\n/,
);
const vendorUrl = vendor.match[1] as string;
const direct = `${vendorUrl}/chat/completions`;
let proxy: { child: ChildProcess; match: RegExpExecArray } | undefined;
try {
  const library = await libraryFolder(skillCount);
  const profile = cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(cpuProfileDir)] : [];
  const cli = compiled
    ? [...profile, join(repoRoot, 'apps/cli/dist/bin.js')]
    : [...profile, '--import', 'tsx', join(repoRoot, 'apps/cli/src/bin.ts')];
  if (compiled && !existsSync(cli[0] as string))
    throw new Error('--compiled needs `pnpm --filter @autoskill/cli build` first');
  const started = performance.now();
  proxy = await start(
    bare
      ? [...profile, '--import', 'tsx', join(here, 'serve-bare-relay.ts'), vendorUrl]
      : [
          ...cli,
          'proxy',
          '--port',
          '0',
          '--store-dir',
          join(workspace, 'Skills'),
          '--library-dir',
          library,
          '--llm-provider',
          'generic',
          '--llm-base-url',
          vendorUrl,
          '--llm-model',
          'fake-model',
          '--extract-llm-provider',
          'mock',
          '--rewrite-mode',
          'never',
          '--extract-mode',
          learning ? 'auto' : 'never',
          ...(workers ? ['--workers', workers] : []),
        ],
    {
      AUTOSKILL_GENERIC_API_KEY: 'sk-bench',
      ...(process.env.UV_THREADPOOL_SIZE
        ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE }
        : {}),
    },
    /AutoSkill proxy on (http:\S+)\/v1/,
  );
  const base = proxy.match[1] as string;
  const proxied = `${base}/v1/chat/completions`;
  const pid = proxy.child.pid as number;
  console.log(
    `proxy (${bare ? 'BARE node:http pass-through, not AutoSkill' : compiled ? 'compiled CLI' : 'pnpm autoskill: CLI from source through tsx'}${workers ? `, --workers ${workers}` : ''}) ready in ${Math.round(performance.now() - started)} ms over a library of ${skillCount} skills; learning ${learning ? 'on' : 'off'}, rewrite off`,
  );
  // Warm-up: open keep-alive pools and let V8 optimise both paths.
  await steady(direct, clients, 2000);
  await steady(proxied, clients, 3000);

  const burstDirect: number[] = [];
  const burstProxied: number[] = [];
  const burstOwn: number[] = [];
  for (let round = 0; round < rounds; round++) {
    burstDirect.push(...(await burst(direct, burstSize, round)));
    burstProxied.push(...(await burst(proxied, burstSize, round, burstOwn)));
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  console.log(
    `\nburst of ${burstSize} simultaneous streaming requests, ${rounds} rounds (TTFB p50 / p95):`,
  );
  console.log(line(`burst ${burstSize}`, burstDirect, burstProxied, burstOwn));

  console.log(`\n${clients} closed-loop streaming clients, ${seconds} s each way:`);
  const directSamples = await steady(direct, clients, seconds * 1000);
  const depths: string[] = [];
  const poll = setInterval(() => {
    queueDepth(base).then(
      (depth) => depths.push(depth),
      () => {},
    );
  }, 1000);
  const own: number[] = [];
  const proxiedSamples = await steady(proxied, clients, seconds * 1000, own);
  clearInterval(poll);
  console.log(line(`${clients} clients`, directSamples, proxiedSamples, own));
  console.log(
    `throughput: direct ${(directSamples.length / seconds).toFixed(0)} req/s, proxy ${(proxiedSamples.length / seconds).toFixed(0)} req/s`,
  );
  console.log(`learning queue, waiting/running (per second): ${depths.join(' ')}`);
  console.log(`learning queue after the run: ${await queueDepth(base)}`);
  console.log(`proxy RSS (all its processes): ${(await rssOfTree(pid)).toFixed(0)} MB`);
} finally {
  const stopped = proxy && new Promise((resolveStop) => proxy?.child.once('exit', resolveStop));
  proxy?.child.kill('SIGTERM');
  vendor.child.kill('SIGTERM');
  await Promise.race([stopped, new Promise((resolveWait) => setTimeout(resolveWait, 5_000))]);
  await rm(workspace, { recursive: true, force: true });
}
