import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MockLanguageModel } from '@autoskill/core/testing';
import { AutoSkill } from '@autoskill/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../../server/start-proxy';

// Issue 15: the original's POST /v1/autoskill/conversations/import, learning in the background.
const FIXTURES = resolve(import.meta.dirname, '../../../../../fixtures/trajectories');
let storeDir: string;
let autoskill: AutoSkill;
let proxy: RunningProxy;

beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'autoskill-proxy-conversation-import-'));
  autoskill = new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
  });
  proxy = await startProxy({ autoskill, upstream: { kind: 'offline' }, port: 0 });
});
afterAll(async () => {
  await proxy?.close();
  await autoskill?.close();
  await rm(storeDir, { recursive: true, force: true });
});

async function fixture(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, name), 'utf8'));
}

function post(body: unknown, user = 'alice'): Promise<Response> {
  return fetch(`${proxy.url}/v1/autoskill/conversations/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-autoskill-user': user },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /v1/autoskill/conversations/import', () => {
  it('learns from agent runs, one job each; wait=true answers with what they learned', async () => {
    const response = await post({
      trajectories: [
        await fixture('deploy-with-fix.json'),
        await fixture('failed-migration.json'),
        await fixture('trivial-weather.json'),
      ],
      wait: true,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      ok: true,
      object: 'conversation_import',
      user: 'alice',
      total_conversations: 3,
      scheduled: 3,
      dropped: 0,
      processed: 3,
      failed: 0,
      upserted_count: 1,
      errors: [],
      source_file: null,
      metadata: { channel: 'proxy_conversation_import' },
    });
    expect(body.skills.map((skill: { title: string }) => skill.title)).toEqual([
      'Standard release process',
    ]);
    expect(body.jobs.map((job: { trigger: string }) => job.trigger)).toEqual([
      'import',
      'import',
      'import',
    ]);
    expect(body.jobs[1].reason).toMatch(/^the run failed/);
    expect(body.jobs[2].reason).toMatch(/one-off, not a procedure/);
    const skill = await fetch(
      `${proxy.url}/v1/autoskill/skills/${body.skills[0].id}?include_md=1`,
      { headers: { 'x-autoskill-user': 'alice' } },
    );
    expect((await skill.json()).data.skill_md).toContain('# Workflow\n1. `install_dependencies`');
  });

  it('answers 202 with job ids at once; each job is then readable like any learning job', async () => {
    const response = await post(
      {
        data: {
          runs: [
            [
              { role: 'user', content: 'Write a report about agents' },
              { role: 'assistant', content: 'Here it is.' },
              { role: 'user', content: 'Always cite every number.' },
            ],
          ],
        },
        metadata: { channel: 'nightly-import' },
      },
      'bob',
    );
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body).toMatchObject({
      total_conversations: 1,
      scheduled: 1,
      metadata: { channel: 'nightly-import' },
    });
    const jobId = body.jobs[0].job_id as string;
    await autoskill.learning.waitFor(jobId);
    const job = await fetch(`${proxy.url}/v1/autoskill/extractions/${jobId}`, {
      headers: { 'x-autoskill-user': 'bob' },
    });
    expect(job.status).toBe(200);
    expect((await job.json()).data).toMatchObject({ status: 'completed', user_id: 'bob' });
  });

  it.each([
    [
      'a server path',
      { file_path: '/etc/passwd' },
      'file_path',
      /a path on the server is not accepted/,
    ],
    ['nothing to import', {}, 'data', /give the conversations/],
    ['no conversation inside', { data: { hello: 'world' } }, 'data', /no conversations found/],
    [
      'continue_on_error: false',
      { messages: [{ role: 'user', content: 'x' }], continue_on_error: false },
      'continue_on_error',
      /false is not supported/,
    ],
    [
      'too many conversations',
      { conversations: Array.from({ length: 1001 }, () => []) },
      'conversations',
      /1000/,
    ],
    [
      'a negative window',
      { messages: [{ role: 'user', content: 'x' }], max_messages_per_conversation: -1 },
      'max_messages_per_conversation',
      /./,
    ],
  ])('refuses %s with a 400 in OpenAI error shape', async (_name, body, param, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: 'invalid_request_error', param, code: 'invalid_request' });
    expect(error.message).toMatch(message);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await post('{"data": [');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_json');
  });
});

describe('POST /v1/autoskill/conversations/import when the learning queue is full', () => {
  it('lists the conversations that did not fit as dropped, and answers 503 when none did', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    const model = new MockLanguageModel({
      responses: async () => {
        held = true;
        await gate;
        return '{"skills": []}';
      },
    });
    const directory = await mkdtemp(join(tmpdir(), 'autoskill-proxy-import-full-'));
    const client = new AutoSkill({
      storeDir: directory,
      llm: { provider: 'mock' },
      extractLlm: model,
      embeddings: { provider: 'hashing' },
      learningQueue: { maxPerUser: 1 },
      logger: 'silent',
      env: {},
    });
    const server = await startProxy({ autoskill: client, upstream: { kind: 'offline' }, port: 0 });
    const send = (count: number, first = 0) =>
      fetch(`${server.url}/v1/autoskill/conversations/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-autoskill-user': 'carol' },
        body: JSON.stringify({
          conversations: Array.from({ length: count }, (_, index) => [
            { role: 'user', content: `Always sign mails with initials ${first + index}` },
          ]),
        }),
      });
    try {
      const partly = await send(3);
      expect(partly.status).toBe(202);
      const body = await partly.json();
      expect(body).toMatchObject({ ok: false, total_conversations: 3, scheduled: 1, dropped: 2 });
      expect(body.errors).toEqual([
        { index: 2, job_id: expect.any(String), error: 'user_queue_full' },
        { index: 3, job_id: expect.any(String), error: 'user_queue_full' },
      ]);
      // The first job is now held in the model; one more waits; then nothing fits.
      while (!held) await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await send(1, 10)).status).toBe(202);
      // (A different conversation: the same one again would be merged into the waiting job.)
      const none = await send(1, 20);
      expect(none.status).toBe(503);
      expect(none.headers.get('retry-after')).toBe('5');
      expect(await none.json()).toMatchObject({ scheduled: 0, dropped: 1 });
    } finally {
      release();
      await server.close();
      await client.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
