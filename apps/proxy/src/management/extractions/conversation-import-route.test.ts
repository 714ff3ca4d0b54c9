import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
