// `pnpm bench replica-jobs`: learning jobs per second through 1 and 2 proxy replicas on one
// PostgreSQL server, started as users start them (`pnpm autoskill proxy --database-url …`).
// Needs a server: `bash scripts/with-postgres.sh pnpm bench replica-jobs` (or --database-url).
//
//   --jobs N          jobs per run (default 120), each for its own user unless --users is smaller
//   --users N         users the jobs are spread over (default = jobs; a user's jobs run in order)
//   --extractor K     offline (rule extraction, CPU-bound) or vendor (a fake extraction model that
//                     answers after --vendor-ms, default 300: learning that waits on a model)
//   --replicas LIST   replica counts to measure (default 1,2)
//   --concurrency N   requests in flight (default 32)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type FakeVendorServer, startFakeOpenAI } from '@autoskill/test-vendors';

const root = resolve(import.meta.dirname, '../../..');
const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '120' },
    users: { type: 'string' },
    extractor: { type: 'string', default: 'offline' },
    'vendor-ms': { type: 'string', default: '300' },
    replicas: { type: 'string', default: '1,2' },
    concurrency: { type: 'string', default: '32' },
    'database-url': { type: 'string' },
  },
});
const server = values['database-url'] ?? process.env.AUTOSKILL_TEST_DATABASE_URL;
if (!server) {
  console.error(
    'replica-jobs: needs a PostgreSQL server: bash scripts/with-postgres.sh pnpm bench replica-jobs',
  );
  process.exit(2);
}
const jobs = Number(values.jobs);
const users = Number(values.users ?? values.jobs);
const concurrency = Number(values.concurrency);
const vendorMs = Number(values['vendor-ms']);
const extractor = values.extractor;
if (extractor !== 'offline' && extractor !== 'vendor') {
  console.error('replica-jobs: --extractor is offline or vendor');
  process.exit(2);
}

/** The fake extraction model: one rule per conversation, after `vendorMs`. */
async function extractionVendor() {
  const vendor = await startFakeOpenAI({
    apiKey: 'bench-key',
    reply: (request) => {
      const text = JSON.stringify(request.body);
      const rule = /always ([a-z0-9 -]+) in release notes/.exec(text)?.[1] ?? 'be brief';
      if (!text.includes('skill extractor'))
        return JSON.stringify({ action: 'add', reason: 'bench' });
      return JSON.stringify({
        skills: [
          {
            name: 'release-notes-style',
            description: 'How this user wants release notes written',
            instructions: `# Goal\nWrite release notes.\n\n# Rules\n- Always ${rule}.`,
            triggers: ['write release notes'],
            confidence: 0.95,
          },
        ],
      });
    },
  });
  return vendor;
}

interface Replica {
  child: ChildProcess;
  url: string;
}

async function startReplica(databaseUrl: string, vendorUrl: string | undefined, cwd: string) {
  const args = [
    join(root, 'scripts/autoskill.mjs'),
    'proxy',
    '--port',
    '0',
    '--database-url',
    databaseUrl,
    '--extract-mode',
    'never',
    ...(vendorUrl
      ? [
          '--extract-llm-provider',
          'openai',
          '--extract-llm-model',
          'extractor',
          '--extract-llm-base-url',
          vendorUrl,
          '--extract-llm-api-key',
          'bench-key',
        ]
      : []),
  ];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk;
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /AutoSkill proxy on (http:\/\/\S+)\/v1/.exec(out);
      if (match) resolveUrl(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`replica exited ${code}: ${err}`)));
  });
  return { child, url } satisfies Replica;
}

async function learnAndWait(replica: Replica, user: string, index: number): Promise<string> {
  const response = await fetch(`${replica.url}/v1/autoskill/extractions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      user,
      wait: true,
      messages: [
        { role: 'user', content: `Write the release notes for version 3.${index}.` },
        { role: 'assistant', content: 'Here they are.' },
        {
          role: 'user',
          content: `From now on, always mention ticket ${index} in release notes. Do not use emojis in release notes.`,
        },
      ],
    }),
  });
  const body = (await response.json()) as { data?: { status?: string } };
  return body.data?.status ?? `http ${response.status}`;
}

async function run(replicaCount: number, vendor: FakeVendorServer | undefined) {
  const vendorUrl = vendor?.url;
  const schema = `bench_jobs_${Date.now().toString(36)}`;
  const databaseUrl = `${server}${server?.includes('?') ? '&' : '?'}schema=${schema}`;
  const cwd = await mkdtemp(join(tmpdir(), 'autoskill-replica-jobs-'));
  const replicas: Replica[] = [];
  try {
    // One after the other: the first applies the migrations.
    for (let index = 0; index < replicaCount; index++)
      replicas.push(await startReplica(databaseUrl, vendorUrl, cwd));
    // Warm-up: one job per replica (first model load, first query plans).
    await Promise.all(replicas.map((replica, index) => learnAndWait(replica, `warm${index}`, 0)));
    vendor?.reset();
    if (vendor) vendor.script(...Array(jobs * 4).fill({ kind: 'slow', delayMs: vendorMs }));
    const started = performance.now();
    const statuses: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, jobs) }, async () => {
        for (let index = next++; index < jobs; index = next++)
          statuses.push(
            await learnAndWait(
              replicas[index % replicaCount] as Replica,
              `user${index % users}`,
              index,
            ),
          );
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const completed = statuses.filter((status) => status === 'completed').length;
    // What was learned, as any replica lists it (one skill per user, a revision per merge).
    let skills = 0;
    let revisions = 0;
    for (let user = 0; user < Math.min(users, jobs); user++) {
      const listed = (await (
        await fetch(`${replicas[0]?.url}/v1/autoskill/skills?user=user${user}`)
      ).json()) as { data: Array<{ version: string }> };
      skills += listed.data.length;
      for (const skill of listed.data) revisions += Number(skill.version.split('.')[2]) + 1;
    }
    console.log(
      `${replicaCount} replica(s), ${extractor}${vendorUrl ? ` ${vendorMs} ms` : ''}: ${jobs} jobs (${users} users) in ${seconds.toFixed(2)} s = ${(jobs / seconds).toFixed(1)} jobs/s; completed ${completed}/${jobs}; skills ${skills}, revisions ${revisions}; schema ${schema} left in the database`,
    );
  } finally {
    for (const replica of replicas) replica.child.kill('SIGTERM');
    await rm(cwd, { recursive: true, force: true });
  }
}

// Every answer of the fake model waits `vendorMs`, as a model would (scripted per run).
const vendor = extractor === 'vendor' ? await extractionVendor() : undefined;
console.log(
  `replica-jobs: ${jobs} jobs, ${users} users, ${concurrency} in flight, load ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
);
for (const count of values.replicas.split(',').map(Number)) await run(count, vendor);
await vendor?.close();
