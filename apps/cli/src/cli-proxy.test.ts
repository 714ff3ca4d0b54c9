// `autoskill proxy` in process: flags and AUTOSKILL_* variables reach the running proxy, and the
// stop signal (SIGINT/SIGTERM for the real binary) closes it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveInProcess } from './test-support/run-in-process';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-proxy-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill proxy', () => {
  it('serves with the environment it was given and stops when asked', {
    tags: ['slow'],
  }, async () => {
    const served = await serveInProcess(
      ['proxy'],
      {
        AUTOSKILL_PROXY_PORT: '0',
        AUTOSKILL_PROXY_MODELS: 'house-model, second-model',
        AUTOSKILL_STORE_DIR: join(directory, 'Skills'),
        AUTOSKILL_LEARNING_QUEUE_PER_USER: '3',
      },
      /AutoSkill proxy on (http:\/\/\S+)\/v1/,
    );
    const { url, stdout } = served;
    expect(stdout.text).toMatch(/answers: offline/);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused' });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['house-model', 'second-model']);
    // Learning runs on a worker thread, with the queue bounds the flags (or variables) set.
    const queue = (await (await fetch(`${url}/v1/autoskill/extractions/queue`)).json()) as {
      data: { executor: string; limits: { max_per_user: number; max_total: number } };
    };
    expect(queue.data).toMatchObject({
      executor: 'worker',
      limits: { max_per_user: 3, max_total: 1000 },
    });
    expect(await served.stop()).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
