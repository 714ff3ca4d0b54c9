// Issue 16: two `autoskill proxy` processes on one PostgreSQL database, requests alternating
// between them with the real `openai` client. A skill learned through replica A is injected by
// replica B; a job started on A is followed to its end over SSE on B; `kill -9` of A while it
// learns → B finishes the job; 12 concurrent merges split across both end at v0.1.12.
// Needs a PostgreSQL server (two processes cannot share embedded PGlite): CI starts one
// (`bash scripts/with-postgres.sh …` sets AUTOSKILL_TEST_DATABASE_URL).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type FakeVendorServer,
  type RecordedRequest,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverUrlWithFreshSchema, TEST_SERVER_URL } from './test-support/test-database-url';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'bin.ts');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ANNOUNCED = /AutoSkill proxy on (http:\/\/\S+)\/v1/;
const SLOW = { tags: ['slow'], timeout: 240_000 };
const ADMIN_KEY = 'replica-admin-key-0123456789';

/** The extraction vendor: one skill per conversation, its rule what the user asked "from now on". */
function extractionReply(request: RecordedRequest): string {
  const body = request.body as { messages?: Array<{ role: string; content: string }> };
  const system = body.messages?.[0]?.content ?? '';
  const rest = JSON.stringify(body.messages?.slice(1) ?? []);
  if (system.includes('skill extractor')) {
    const rules = [...new Set([...rest.matchAll(/From now on, ([^."]+)\./g)].map((m) => m[1]))];
    return JSON.stringify({
      skills: [
        {
          name: 'release-notes-style',
          title: 'Release notes style',
          description: 'How this user wants release notes written',
          instructions: `# Goal\nWrite release notes.\n\n# Rules\n${rules.map((rule) => `- ${rule}.`).join('\n')}`,
          triggers: ['write release notes'],
          tags: ['writing'],
          confidence: 0.95,
        },
      ],
    });
  }
  if (system.includes('skill set manager'))
    return JSON.stringify({ action: 'merge', target_skill_id: null, reason: 'same capability' });
  // The merger: the deterministic guard re-appends every rule it leaves out.
  return JSON.stringify({ instructions: 'Release notes rules:' });
}

interface Replica {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

let directory: string;
let databaseUrl: string;
let chatVendor: FakeVendorServer;
let extractVendor: FakeVendorServer;
const replicas: Replica[] = [];

async function startReplica(): Promise<Replica> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsx,
      bin,
      'proxy',
      '--port',
      '0',
      '--extract-mode',
      'never',
      '--llm-provider',
      'openai',
      '--llm-model',
      'gpt-test',
      '--llm-base-url',
      chatVendor.url,
      '--extract-llm-provider',
      'openai',
      '--extract-llm-model',
      'extractor',
      '--extract-llm-base-url',
      extractVendor.url,
      '--admin-key',
      ADMIN_KEY,
      // Info lines on stderr (what forget-user removed) and the access log.
      '--verbose',
    ],
    {
      cwd: directory,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        OPENAI_API_KEY: 'vendor-key',
        AUTOSKILL_JOB_LEASE_MS: '1500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = ANNOUNCED.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`replica exited ${code}: ${err}`)));
  });
  const replica = { child, url, stderr: () => err };
  replicas.push(replica);
  return replica;
}

function client(replica: Replica): OpenAI {
  return new OpenAI({ baseURL: `${replica.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}

async function api(replica: Replica, method: string, path: string, body?: unknown) {
  const response = await fetch(`${replica.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Thirteen rules that share no wording, so each merge adds one. */
const RULES = [
  'put breaking changes first',
  'list contributors at the end',
  'write in the past tense',
  'link each issue number',
  'group changes by component',
  'keep every line under 100 characters',
  'start with a one-line summary',
  'mark security fixes with a shield emoji',
  'describe the migration steps',
  'write dates as YYYY-MM-DD',
  'give the upgrade command',
  'credit external reporters by name',
  'say which versions are supported',
];

function learn(replica: Replica, user: string, rule: string) {
  return api(replica, 'POST', '/v1/autoskill/extractions', {
    user,
    messages: [
      { role: 'user', content: `Write the release notes for 2.${rule.length}.` },
      { role: 'assistant', content: 'Here are the release notes.' },
      { role: 'user', content: `From now on, ${ruleText(rule)}. Thanks.` },
    ],
  });
}

/** `RULE-mergeN` → the N-th rule (`RULE-seed` the last) with its tag, so it can be found later. */
function ruleText(rule: string): string {
  const index = /merge(\d+)$/.exec(rule)?.[1];
  const text = index === undefined ? (RULES[12] as string) : (RULES[Number(index)] as string);
  return `${text} (${rule})`;
}

/** The SSE events of a job as replica `replica` serves them, until `[DONE]`. */
async function followJob(replica: Replica, user: string, jobId: string) {
  const response = await fetch(
    `${replica.url}/v1/autoskill/extractions/${jobId}/events?user=${user}&timeout_s=120`,
  );
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) => /^data: (.*)$/m.exec(block)?.[1])
    .filter((data): data is string => data !== undefined && data !== '[DONE]')
    .map((data) => JSON.parse(data) as { status: string; resumed?: boolean });
}

async function skillsOf(replica: Replica, user: string) {
  const { json } = await api(replica, 'GET', `/v1/autoskill/skills?user=${user}`);
  return json.data as Array<{ id: string; name: string; version: string; instructions?: string }>;
}

const describeWithServer = TEST_SERVER_URL ? describe : describe.skip;
if (!TEST_SERVER_URL)
  console.info(
    'cli-proxy-replicas: skipped, needs a PostgreSQL server (AUTOSKILL_TEST_DATABASE_URL; CI starts one with scripts/with-postgres.sh)',
  );

describeWithServer('two proxy replicas on one PostgreSQL database', () => {
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'autoskill-replicas-'));
    databaseUrl = serverUrlWithFreshSchema(TEST_SERVER_URL as string);
    chatVendor = await startFakeOpenAI({ apiKey: 'vendor-key', reply: 'Done.' });
    extractVendor = await startFakeOpenAI({ apiKey: 'vendor-key', reply: extractionReply });
    // One after the other: the first applies the migrations.
    a = await startReplica();
    b = await startReplica();
  }, 240_000);

  afterAll(async () => {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    await chatVendor?.close();
    await extractVendor?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('learns through A and injects through B; B follows A’s job over SSE', SLOW, async () => {
    // B has answered alice before (its caches are warm): what it knew then must not stick.
    await client(b).chat.completions.create({
      model: 'gpt-test',
      user: 'alice',
      messages: [{ role: 'user', content: 'What is a changelog?' }],
    });
    const accepted = await learn(a, 'alice', 'RULE-first');
    expect(accepted.status).toBe(202);
    const jobId = (accepted.json.data as { job_id: string }).job_id;
    const events = await followJob(b, 'alice', jobId);
    expect(events.at(-1)?.status).toBe('completed');
    const finishedAt = Date.parse(
      (events.at(-1) as unknown as { finished_at: string }).finished_at,
    );
    // The first question B gets after the job ended is answered with the skill learned on A.
    const askedAt = Date.now();
    await client(b).chat.completions.create({
      model: 'gpt-test',
      user: 'alice',
      messages: [{ role: 'user', content: 'Please write release notes for version 2.1' }],
    });
    expect(askedAt - finishedAt).toBeLessThan(1_000);
    const upstream = chatVendor.requests.filter((request) =>
      request.path.endsWith('/chat/completions'),
    );
    expect(JSON.stringify(upstream.at(-1)?.body)).toContain('RULE-first');
    // Any replica lists the job and the skill.
    const listed = await api(a, 'GET', '/v1/autoskill/extractions?user=alice');
    expect((listed.json.data as Array<{ job_id: string }>).map((job) => job.job_id)).toContain(
      jobId,
    );
    expect((await skillsOf(b, 'alice')).map((skill) => skill.name)).toEqual([
      'release-notes-style',
    ]);
  });

  it(
    'serves a trace and a chat session from the replica that did not make them',
    SLOW,
    async () => {
      const { response } = await client(a)
        .chat.completions.create({
          model: 'gpt-test',
          user: 'erin',
          messages: [{ role: 'user', content: 'Summarise the release process' }],
        })
        .withResponse();
      const traceId = response.headers.get('x-autoskill-trace-id') as string;
      expect(traceId).toMatch(/^trace_/);
      const trace = await api(b, 'GET', `/v1/autoskill/traces/${traceId}?user=erin`);
      expect(trace.status).toBe(200);
      expect(JSON.stringify(trace.json)).toContain(traceId);
      // Another user asking B for it learns nothing.
      expect((await api(b, 'GET', `/v1/autoskill/traces/${traceId}?user=mallory`)).status).toBe(
        404,
      );

      const created = await api(a, 'POST', '/v1/autoskill/sessions', {
        user: 'erin',
        title: 'Release planning',
        messages: [{ role: 'user', content: 'hello' }],
      });
      expect(created.status).toBe(200);
      const sessionId = created.json.id as string;
      const listed = await api(b, 'GET', '/v1/autoskill/sessions?user=erin');
      expect((listed.json.data as Array<{ id: string }>).map((session) => session.id)).toEqual([
        sessionId,
      ]);
      expect((await api(b, 'DELETE', `/v1/autoskill/sessions/${sessionId}?user=erin`)).status).toBe(
        200,
      );
      expect((await api(a, 'GET', `/v1/autoskill/sessions/${sessionId}?user=erin`)).status).toBe(
        404,
      );
    },
  );

  it('ends at v0.1.12 after 12 concurrent merges split across both replicas', SLOW, async () => {
    const seeded = await learn(a, 'carol', 'RULE-seed');
    await followJob(a, 'carol', (seeded.json.data as { job_id: string }).job_id);
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        learn(index % 2 === 0 ? a : b, 'carol', `RULE-merge${index}`),
      ),
    );
    expect(jobs.map((job) => job.status)).toEqual(Array(12).fill(202));
    const finals = await Promise.all(
      jobs.map((job, index) =>
        followJob(index % 2 === 0 ? b : a, 'carol', (job.json.data as { job_id: string }).job_id),
      ),
    );
    expect(finals.map((events) => events.at(-1)?.status)).toEqual(Array(12).fill('completed'));
    const [skill] = await skillsOf(b, 'carol');
    expect(skill?.version).toBe('0.1.12');
    const shown = await api(a, 'GET', `/v1/autoskill/skills/${skill?.id}?user=carol`);
    const text = JSON.stringify(shown.json);
    for (let index = 0; index < 12; index++) expect(text).toContain(`RULE-merge${index}`);
    expect(text).toContain('RULE-seed');
  });

  it(
    'forgets a user on B while A runs their job: what the job writes afterwards goes too',
    SLOW,
    async () => {
      // A's extraction answers 2 s late, after B has forgotten erin.
      extractVendor.script({ kind: 'slow', delayMs: 2_000 });
      const before = extractVendor.requests.length;
      const accepted = await learn(a, 'erin', 'RULE-late');
      expect(accepted.status).toBe(202);
      while (extractVendor.requests.length === before)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const forgotten = await fetch(`${b.url}/v1/autoskill/users/erin`, {
        method: 'DELETE',
        headers: { 'X-AutoSkill-Admin-Key': ADMIN_KEY },
      });
      expect(forgotten.status).toBe(200);
      expect(((await forgotten.json()) as { deleted_skills: number }).deleted_skills).toBe(0);
      // A heard of it, let its running job finish (it wrote erin's skill), then deleted that too.
      const deadline = Date.now() + 60_000;
      while (!a.stderr().includes('forgot user erin: 1 skill(s)') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await skillsOf(a, 'erin')).toEqual([]);
      expect(await skillsOf(b, 'erin')).toEqual([]);
      expect(a.stderr()).toContain('forgot user erin: 1 skill(s)');
      expect(a.stderr() + b.stderr()).not.toContain(ADMIN_KEY);
    },
  );

  it('finishes on B a job A was running when it was killed', SLOW, async () => {
    // A's extraction call hangs; A dies while waiting for it.
    extractVendor.script({ kind: 'slow', delayMs: 600_000 });
    const before = extractVendor.requests.length;
    const accepted = await learn(a, 'dave', 'RULE-survivor');
    expect(accepted.status).toBe(202);
    const jobId = (accepted.json.data as { job_id: string }).job_id;
    while (extractVendor.requests.length === before)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const following = followJob(b, 'dave', jobId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    a.child.kill('SIGKILL');
    const events = await following;
    expect(events.at(-1)).toMatchObject({ status: 'completed', resumed: true });
    const skills = await skillsOf(b, 'dave');
    expect(JSON.stringify(skills)).toContain('release-notes-style');
    expect(b.stderr()).not.toContain('vendor-key');
  });
});
