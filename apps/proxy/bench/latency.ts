// Added time-to-first-byte of the proxy over calling the (fake) upstream directly, for streaming
// chat at 1, 16 and 64 concurrent clients, over a store of 1,000 skills; then the proxy's RSS
// at 10,000 skills. Proxy and fake upstream run in their own processes.
// Run: pnpm tsx apps/proxy/bench/latency.ts [--requests 400] [--skip-rss]
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoSkill } from '@autoskill/sdk';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const requestsPerLevel = Number(args[args.indexOf('--requests') + 1]) || 400;
const skipRss = args.includes('--skip-rss');
const REAL_SKILLS = '/work/shared/data/skillbank-dev';

const TOPICS = ['release', 'invoice', 'travel', 'recipe', 'report', 'interview', 'budget', 'migration', 'backup', 'onboarding', 'translation', 'citation', 'deploy', 'refund', 'schedule', 'newsletter', 'contract', 'dataset', 'dashboard', 'tutorial'];
const VERBS = ['plan', 'review', 'draft', 'check', 'summarise', 'format', 'prepare', 'audit', 'compare', 'convert'];

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
        const text = await readFile(join(REAL_SKILLS, language, folder, 'SKILL.md'), 'utf8').catch(() => undefined);
        if (!text) continue;
        await mkdir(join(source, `real-${written}`), { recursive: true });
        await writeFile(join(source, `real-${written}`, 'SKILL.md'), text.replace(/^(\s*id:\s*).*$/m, '$1'));
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
  const autoskill = new AutoSkill({ storeDir, llm: { provider: 'mock' }, embeddings: { provider: 'hashing' }, logger: 'silent', env: {} });
  const started = performance.now();
  const result = await autoskill.importAgentSkillDirs({ rootDir: source, scope: 'user', userId: 'bench' });
  await autoskill.close();
  console.log(`store: imported ${result.imported.length} skills (${result.skipped.length} skipped) in ${Math.round(performance.now() - started)} ms → ${storeDir}`);
  await writeFile(join(storeDir, '.bench-ready'), '');
  return storeDir;
}

function startChild(script: string, childArgs: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...childArgs], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
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

const QUESTIONS = ['How should I plan the release next week?', 'Draft an invoice for the client', 'Summarise the travel budget', 'Review the database migration plan', 'Format the citation list', 'Prepare the onboarding schedule'];

async function timeToFirstByte(url: string, index: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-autoskill-user': 'bench' },
    body: JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: QUESTIONS[index % QUESTIONS.length] }] }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  const elapsed = performance.now() - started;
  while (!(await reader.read()).done) {
    // drain
  }
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return elapsed;
}

async function measure(url: string, concurrency: number, total: number): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        samples.push(await timeToFirstByte(url, index));
      }
    }),
  );
  return samples.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const upstream = await startChild('serve-fake-upstream.ts', []);
try {
  const store = await storeWith(1000);
  const proxy = await startChild('serve-proxy.ts', [store, upstream.line]);
  const [proxyUrl, readyMs] = proxy.line.split(' ') as [string, string];
  console.log(`proxy ready in ${readyMs} ms over 1,000 skills; ${requestsPerLevel} streaming requests per level (after warm-up)`);
  try {
    const direct = `${upstream.line}/chat/completions`;
    const proxied = `${proxyUrl}/v1/chat/completions`;
    await measure(direct, 4, 100);
    await measure(proxied, 4, 100);
    console.log('clients | direct p50 / p95 | proxy p50 / p95 | added p50 / p95');
    for (const concurrency of [1, 16, 64]) {
      const base = await measure(direct, concurrency, requestsPerLevel);
      const through = await measure(proxied, concurrency, requestsPerLevel);
      const added50 = percentile(through, 50) - percentile(base, 50);
      const added95 = percentile(through, 95) - percentile(base, 95);
      console.log(`${String(concurrency).padStart(7)} | ${ms(percentile(base, 50))} / ${ms(percentile(base, 95))} | ${ms(percentile(through, 50))} / ${ms(percentile(through, 95))} | ${ms(added50)} / ${ms(added95)}`);
    }
    console.log(`proxy RSS at 1,000 skills after the runs: ${(await rssOf(proxy.child.pid as number)).toFixed(0)} MB`);
  } finally {
    proxy.child.kill('SIGTERM');
  }
  if (!skipRss) {
    const big = await storeWith(10_000);
    const proxy10k = await startChild('serve-proxy.ts', [big, upstream.line]);
    const [url10k, ready10k] = proxy10k.line.split(' ') as [string, string];
    try {
      await measure(`${url10k}/v1/chat/completions`, 16, 200);
      const after = await measure(`${url10k}/v1/chat/completions`, 16, 200);
      console.log(`10,000 skills: ready in ${ready10k} ms; RSS ${(await rssOf(proxy10k.child.pid as number)).toFixed(0)} MB; proxy TTFB at 16 clients p50 ${ms(percentile(after, 50))}, p95 ${ms(percentile(after, 95))}`);
    } finally {
      proxy10k.child.kill('SIGTERM');
    }
  }
} finally {
  upstream.child.kill('SIGTERM');
}
