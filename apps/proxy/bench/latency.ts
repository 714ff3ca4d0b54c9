// Added time-to-first-byte of the proxy over calling the (fake) upstream directly, for streaming
// chat at 1, 16 and 64 concurrent clients, over a store of 1,000 skills; then the proxy's RSS
// at 10,000 skills. Proxy and fake upstream run in their own processes.
// Run: pnpm tsx apps/proxy/bench/latency.ts [--requests 400] [--skip-rss]
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoSkill } from '@autoskill/sdk';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const requestsPerLevel = Number(args[args.indexOf('--requests') + 1]) || 400;
const skipRss = args.includes('--skip-rss');
const REAL_SKILLS = '/work/shared/data/skillbank-dev';

const TOPICS = [
  'release',
  'invoice',
  'travel',
  'recipe',
  'report',
  'interview',
  'budget',
  'migration',
  'backup',
  'onboarding',
  'translation',
  'citation',
  'deploy',
  'refund',
  'schedule',
  'newsletter',
  'contract',
  'dataset',
  'dashboard',
  'tutorial',
];
const VERBS = [
  'plan',
  'review',
  'draft',
  'check',
  'summarise',
  'format',
  'prepare',
  'audit',
  'compare',
  'convert',
];

/** A store with `count` skills (cached between runs in the temp folder). */
async function storeWith(count: number): Promise<string> {
  const storeDir = join(tmpdir(), `autoskill-proxy-bench-${count}`);
  if (existsSync(join(storeDir, '.bench-ready'))) return storeDir;
  const source = join(tmpdir(), `autoskill-proxy-bench-source-${count}`);
  let written = 0;
  // Real SKILL.md files first (skillbank-dev), then generated ones.
  if (existsSync(REAL_SKILLS)) {
    for (const language of ['english', 'chinese']) {
      for (const folder of await readdir(join(REAL_SKILLS, language)).catch(() => [])) {
        if (written >= count) break;
        const text = await readFile(join(REAL_SKILLS, language, folder, 'SKILL.md'), 'utf8').catch(
          () => undefined,
        );
        if (!text) continue;
        await mkdir(join(source, `real-${written}`), { recursive: true });
        await writeFile(
          join(source, `real-${written}`, 'SKILL.md'),
          text.replace(/^(\s*id:\s*).*$/m, '$1'),
        );
        written++;
      }
    }
  }
  for (let index = written; index < count; index++) {
    const topic = TOPICS[index % TOPICS.length] as string;
    const verb = VERBS[Math.floor(index / TOPICS.length) % VERBS.length] as string;
    const name = `${verb}-${topic}-${index}`;
    await mkdir(join(source, name), { recursive: true });
    await writeFile(
      join(source, name, 'SKILL.md'),
      `---\nname: ${name}\ndescription: "How to ${verb} a ${topic} (variant ${index}): steps, checks and the format the user prefers."\n---\n\n# ${verb} ${topic}\n\n1. Collect the ${topic} inputs.\n2. ${verb} them step by step.\n3. Check against the user's constraints (variant ${index}).\n4. Deliver in the agreed format.\n`,
    );
  }
  const autoskill = new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
  });
  const started = performance.now();
  const result = await autoskill.importAgentSkillDirs({
    rootDir: source,
    scope: 'user',
    userId: 'bench',
  });
  await autoskill.close();
  console.log(
    `store: imported ${result.imported.length} skills (${result.skipped.length} skipped) in ${Math.round(performance.now() - started)} ms → ${storeDir}`,
  );
  await writeFile(join(storeDir, '.bench-ready'), '');
  return storeDir;
}

function startChild(
  script: string,
  childArgs: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...childArgs], {
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

const QUESTIONS = [
  'How should I plan the release next week?',
  'Draft an invoice for the client',
  'Summarise the travel budget',
  'Review the database migration plan',
  'Format the citation list',
  'Prepare the onboarding schedule',
];

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** Time to the first body byte of a streamed chat answer (node:http: a light client). */
function timeToFirstByte(url: string, index: number, unique: boolean): Promise<number> {
  const question = `${QUESTIONS[index % QUESTIONS.length]}${unique ? ` (case ${index})` : ''}`;
  const body = JSON.stringify({
    model: 'fake-model',
    stream: true,
    messages: [{ role: 'user', content: question }],
  });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | undefined;
    const call = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-autoskill-user': 'bench',
        },
      },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
        response.on('data', () => {
          first ??= performance.now() - started;
        });
        response.on('end', () => resolve(first ?? performance.now() - started));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

async function measure(
  url: string,
  concurrency: number,
  total: number,
  unique = false,
): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        samples.push(await timeToFirstByte(url, index, unique));
      }
    }),
  );
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const ms = (value: number) => `${value.toFixed(2)} ms`;

/** User + system CPU time of a process so far, in ms (Linux /proc). */
async function cpuOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const upstream = await startChild('serve-fake-upstream.ts', []);
try {
  const store = await storeWith(1000);
  const proxy = await startChild('serve-proxy.ts', [store, upstream.line]);
  const [proxyUrl, readyMs] = proxy.line.split(' ') as [string, string];
  console.log(
    `proxy ready in ${readyMs} ms over 1,000 skills; ${requestsPerLevel} streaming requests per level (after warm-up)`,
  );
  try {
    const direct = `${upstream.line}/chat/completions`;
    const proxied = `${proxyUrl}/v1/chat/completions`;
    // Warm-up long enough for V8 to optimise the hot paths (short warm-ups made cold runs look 2x slower).
    await measure(direct, 16, 1500);
    await measure(proxied, 16, 1500);
    await measure(proxied, 16, 1500, true);
    const pid = proxy.child.pid as number;
    for (const unique of [false, true]) {
      console.log(
        unique
          ? '\nunique questions (every request searches 1,000 skills):'
          : '\nrepeated questions (retrieval cache hits, like an agent loop):',
      );
      console.log(
        'clients | direct p50 / p95    | proxy p50 / p95      | added p50 / p95      | proxy CPU per request',
      );
      for (const concurrency of [1, 16, 64]) {
        const base = await measure(direct, concurrency, requestsPerLevel);
        const cpuBefore = await cpuOf(pid);
        const through = await measure(proxied, concurrency, requestsPerLevel, unique);
        const cpu = ((await cpuOf(pid)) - cpuBefore) / requestsPerLevel;
        const added50 = percentile(through, 50) - percentile(base, 50);
        const added95 = percentile(through, 95) - percentile(base, 95);
        console.log(
          `${String(concurrency).padStart(7)} | ${ms(percentile(base, 50))} / ${ms(percentile(base, 95))} | ${ms(percentile(through, 50))} / ${ms(percentile(through, 95))} | ${ms(added50)} / ${ms(added95)} | ${ms(cpu)}`,
        );
      }
    }
    console.log(
      `proxy RSS at 1,000 skills after the runs: ${(await rssOf(proxy.child.pid as number)).toFixed(0)} MB`,
    );
  } finally {
    proxy.child.kill('SIGTERM');
  }
  // The floor: the same proxy with retrieval off (top_k 0) — the cost of the passthrough alone.
  const bare = await startChild('serve-proxy.ts', [store, upstream.line], { BENCH_TOP_K: '0' });
  try {
    const bareUrl = `${bare.line.split(' ')[0]}/v1/chat/completions`;
    await measure(bareUrl, 16, 1500, true);
    console.log('\npassthrough only (top_k 0, no retrieval):');
    for (const concurrency of [1, 16, 64]) {
      const base = await measure(
        `${upstream.line}/chat/completions`,
        concurrency,
        requestsPerLevel,
      );
      const cpuBefore = await cpuOf(bare.child.pid as number);
      const through = await measure(bareUrl, concurrency, requestsPerLevel, true);
      const cpu = ((await cpuOf(bare.child.pid as number)) - cpuBefore) / requestsPerLevel;
      console.log(
        `${String(concurrency).padStart(7)} | added p50 ${ms(percentile(through, 50) - percentile(base, 50))} / p95 ${ms(percentile(through, 95) - percentile(base, 95))} | proxy CPU per request ${ms(cpu)}`,
      );
    }
  } finally {
    bare.child.kill('SIGTERM');
  }
  if (!skipRss) {
    const big = await storeWith(10_000);
    const proxy10k = await startChild('serve-proxy.ts', [big, upstream.line]);
    const [url10k, ready10k] = proxy10k.line.split(' ') as [string, string];
    try {
      await measure(`${url10k}/v1/chat/completions`, 16, 200);
      const after = await measure(`${url10k}/v1/chat/completions`, 16, 200);
      console.log(
        `10,000 skills: ready in ${ready10k} ms; RSS ${(await rssOf(proxy10k.child.pid as number)).toFixed(0)} MB; proxy TTFB at 16 clients p50 ${ms(percentile(after, 50))}, p95 ${ms(percentile(after, 95))}`,
      );
    } finally {
      proxy10k.child.kill('SIGTERM');
    }
  }
} finally {
  upstream.child.kill('SIGTERM');
}
