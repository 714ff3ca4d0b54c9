// `autoskill proxy` behind a front end: --served-models-json / AUTOSKILL_PROXY_MODELS (JSON or
// the older comma list) and the opt-in --trust-identity-header.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, serveInProcess } from './test-support/run-in-process';

const ANNOUNCED = /AutoSkill proxy on (http:\/\/\S+)\/v1/;
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-front-end-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});
const baseArgs = () => [
  'proxy',
  '--port',
  '0',
  '--store-dir',
  join(directory, 'Skills'),
  '--extract-mode',
  'never',
];

describe('autoskill proxy front-end flags', () => {
  it.each([
    [
      ['--served-models-json', '[{"owned_by": "x"}]'],
      /^autoskill: --served-models-json: .*needs "id"/,
    ],
    [['--served-models-json', '[{"id": '], /^autoskill: --served-models-json: .*not valid JSON/],
    [
      ['--trust-identity-header', 'X User'],
      /^autoskill: --trust-identity-header: .*HTTP header name/,
    ],
  ])('refuses %j with exit 2 and one line on stderr', async (flags, message) => {
    const result = await runInProcess([...baseArgs(), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('serves JSON models from AUTOSKILL_PROXY_MODELS and trusts the identity header', {
    tags: ['slow'],
  }, async () => {
    const served = await serveInProcess(
      [...baseArgs(), '--served-model', 'plain', '--trust-identity-header', 'X-OpenWebUI-User-Id'],
      { AUTOSKILL_PROXY_MODELS: '[{"id": "team-gpt", "owned_by": "acme", "created": 1700000000}]' },
      ANNOUNCED,
    );
    try {
      const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const models = [];
      for await (const model of client.models.list()) models.push(model);
      expect(models.map((model) => [model.id, model.owned_by])).toEqual([
        ['plain', 'autoskill-proxy'],
        ['team-gpt', 'acme'],
      ]);
      const whoami = await fetch(`${served.url}/v1/autoskill/whoami`, {
        headers: { 'X-OpenWebUI-User-Id': 'alice' },
      });
      expect(((await whoami.json()) as { user: string }).user).toBe('alice');
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('warns when it trusts the header on a non-loopback host without a proxy key', {
    tags: ['slow'],
  }, async () => {
    // 127.0.0.2 is loopback to the kernel but not to the warning's list: nothing is exposed.
    const args = [...baseArgs(), '--host', '127.0.0.2', '--trust-identity-header', 'X-User'];
    const served = await serveInProcess(args, {}, ANNOUNCED);
    try {
      expect(served.stderr.text).toMatch(
        /warning: trusting X-User on 127\.0\.0\.2 without --proxy-api-key: anyone who can reach the proxy can act as any user/,
      );
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('still takes the comma list in AUTOSKILL_PROXY_MODELS', { tags: ['slow'] }, async () => {
    const served = await serveInProcess(baseArgs(), { AUTOSKILL_PROXY_MODELS: 'a, b' }, ANNOUNCED);
    try {
      const response = await fetch(`${served.url}/v1/models`);
      expect(
        ((await response.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id),
      ).toEqual(['a', 'b']);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
