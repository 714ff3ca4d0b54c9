import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatMessage } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';
import { AutoSkill, type AutoSkillConfig, createFileLearningJobStore } from '@autoskill/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { type RunningProxy, startProxy } from '../../server/start-proxy';
import { readSse } from '../../test-support/proxy-fixture';
import { learningQueueRoute } from './queue-route';

const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';

let storeDir: string | undefined;
let autoskill: AutoSkill | undefined;
let proxy: RunningProxy | undefined;

async function start(config: Partial<AutoSkillConfig> = {}): Promise<RunningProxy> {
  storeDir ??= await mkdtemp(join(tmpdir(), 'autoskill-proxy-queue-'));
  autoskill = new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
    ...config,
  });
  proxy = await startProxy({ autoskill, upstream: { kind: 'offline' }, port: 0 });
  return proxy;
}

afterEach(async () => {
  await proxy?.close();
  await autoskill?.close();
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
  proxy = undefined;
  autoskill = undefined;
  storeDir = undefined;
});

function call(path: string, body?: unknown): Promise<Response> {
  return fetch(`${proxy?.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-autoskill-user': 'alice' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** One non-streamed chat turn; returns the answer and the learning job the proxy reported. */
async function turn(messages: ChatMessage[]) {
  const answer = await (await call('/v1/chat/completions', { messages })).json();
  return {
    text: answer.choices[0].message.content as string,
    job: answer.autoskill.extraction as { job_id: string; status: string },
  };
}

/** A learning model that holds every extraction until `release()`, then proposes nothing. */
function heldLearning() {
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
  return {
    model,
    whenHeld: async () => {
      while (!held) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    release: () => release(),
  };
}

describe('the learning queue behind the proxy', () => {
  it('merges the turns of a conversation into one waiting job and sheds visibly when full', async () => {
    const held = heldLearning();
    await start({ extractLlm: held.model, learningQueue: { maxPerUser: 2 } });
    const client = autoskill as AutoSkill;
    let waitingJob = '';
    try {
      const first = await turn([{ role: 'user', content: RELEASE }]);
      await held.whenHeld();
      const history: ChatMessage[] = [
        { role: 'user', content: RELEASE },
        { role: 'assistant', content: first.text },
        { role: 'user', content: 'And never release on Fridays.' },
      ];
      const second = await turn(history);
      history.push(
        { role: 'assistant', content: second.text },
        { role: 'user', content: 'Also notify the on-call channel.' },
      );
      const third = await turn(history);
      expect(second.job.status).toBe('scheduled');
      expect(third.job.job_id).toBe(second.job.job_id);
      waitingJob = second.job.job_id;

      const other = await call('/v1/autoskill/extractions', { query: 'Always cite sources.' });
      expect(other.status).toBe(202);
      const shed = await call('/v1/autoskill/extractions', { query: 'Use tabs, not spaces.' });
      expect(shed.status).toBe(503);
      const dropped = (await shed.json()).data;
      expect(dropped).toMatchObject({ status: 'dropped', drop_reason: 'user_queue_full' });

      const listed = (await (await call('/v1/autoskill/extractions')).json()).data;
      expect(listed[0]).toMatchObject({ job_id: dropped.job_id, status: 'dropped' });
      expect(
        listed.find((job: { job_id: string }) => job.job_id === second.job.job_id),
      ).toMatchObject({ status: 'scheduled', coalesced: 1 });
      const frames = await readSse(
        await call(`/v1/autoskill/extractions/${dropped.job_id}/events`),
      );
      expect(frames.map((frame) => frame.event ?? frame.data)).toEqual([
        'update',
        'done',
        '[DONE]',
      ]);

      const queue = await learningQueueRoute.handle(
        {} as ProxyContext,
        {
          autoskill: client,
        } as ProxyDependencies,
      );
      expect((await queue.json()).data).toMatchObject({
        queued: 2,
        running: 1,
        coalesced: 1,
        dropped: { user_queue_full: 1, queue_full: 0, closed: 0 },
        limits: { max_per_user: 2 },
        executor: 'in-thread',
        job_store: `file:${join(storeDir as string, '.autoskill', 'jobs')}`,
      });
    } finally {
      held.release();
    }
    await client.learning.idle();
    const done = await client.learning.waitFor(waitingJob);
    expect(done.status).toBe('completed');
  });

  it('learns in a worker thread; the next turn gets the skill', { tags: ['slow'] }, async () => {
    await start({ learningWorker: true });
    const client = autoskill as AutoSkill;
    const first = await turn([{ role: 'user', content: RELEASE }]);
    const job = await client.learning.waitFor(first.job.job_id);
    expect(job.status).toBe('completed');
    expect(client.learning.stats().executor).toBe('worker');
    const answer = await (
      await call('/v1/chat/completions', {
        messages: [{ role: 'user', content: 'How should I do a safe release?' }],
      })
    ).json();
    expect(answer.autoskill.retrieval.selected_for_context_ids).toEqual([job.result?.added[0]?.id]);
  });

  it('resumes at start the jobs a stopped process left in the store', async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'autoskill-proxy-queue-'));
    const left = createFileLearningJobStore({
      directory: join(storeDir, '.autoskill', 'jobs'),
    });
    await left.add({
      id: 'job_left_behind',
      experience: { userId: 'alice', messages: [{ role: 'user', content: RELEASE }] },
      trigger: 'auto',
      createdAt: new Date().toISOString(),
      sequence: 0,
    });
    await left.close();

    await start();
    const client = autoskill as AutoSkill;
    await client.learning.start();
    const job = await client.learning.waitFor('job_left_behind');
    expect(job).toMatchObject({ status: 'completed', resumed: true });
    const event = (await (await call('/v1/autoskill/extractions/job_left_behind')).json()).data;
    expect(event).toMatchObject({ status: 'completed', resumed: true, drop_reason: null });
    expect((await client.list({ userId: 'alice' })).map((skill) => skill.name)).toEqual([
      'standard-release-process',
    ]);
  });
});
