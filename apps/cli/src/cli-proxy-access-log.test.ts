// `autoskill proxy --access-log`: one stderr line per request with method, route template,
// status, user, duration and injected skills; never the key, the query string or a body.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, serveInProcess } from './test-support/run-in-process';

const KEY = 'access-log-key-0123456789';
let directory: string;
let store: string;
let skillId: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-access-'));
  store = join(directory, 'Skills');
  const source = join(directory, 'source', 'release-checklist');
  await mkdir(source, { recursive: true });
  await writeFile(
    join(source, 'SKILL.md'),
    '---\nname: release-checklist\ndescription: Steps for a safe release of a service.\n---\n# Release checklist\nRun regression, then canary, then monitor, then full rollout.\n',
  );
  const imported = await runInProcess([
    'import',
    '--root-dir',
    join(directory, 'source'),
    '--user-id',
    'alice',
    '--store-dir',
    store,
    '--json',
  ]);
  expect(imported.code).toBe(0);
  const listed = await runInProcess(['list', '--user-id', 'alice', '--store-dir', store, '--json']);
  skillId = (JSON.parse(listed.stdout) as { id: string }[])[0]?.id as string;
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const ANNOUNCED = /AutoSkill proxy on (http:\/\/\S+)\/v1/;
const proxyArgs = () => [
  'proxy',
  '--port',
  '0',
  '--store-dir',
  store,
  '--proxy-api-key',
  KEY,
  '--extract-mode',
  'never',
];

describe('autoskill proxy access log', () => {
  it('logs one line per request with --access-log (user, route, status, injected skills; no key)', {
    tags: ['slow'],
  }, async () => {
    const served = await serveInProcess([...proxyArgs(), '--access-log'], {}, ANNOUNCED);
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: KEY });
    await client.chat.completions.create({
      model: 'any',
      user: 'alice',
      messages: [{ role: 'user', content: 'How do I do a safe release of my service?' }],
    });
    const denied = await fetch(`${served.url}/v1/autoskill/skills/${skillId}?user=alice`);
    expect(denied.status).toBe(401);
    const read = await fetch(`${served.url}/v1/autoskill/skills/${skillId}?user=alice`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(read.status).toBe(200);
    await read.text();
    expect(await served.stop()).toBe(0);

    const lines = served.stderr.text.split('\n').filter((line) => line.includes(' access '));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\[autoskill\\] access method=POST route=/v1/chat/completions status=200 user=alice ms=\\d+\\.\\d skills=${skillId}$`,
      ),
    );
    expect(lines[1]).toMatch(
      /^\[autoskill\] access method=GET route=\/v1\/autoskill\/skills\/[^ ]+ status=401 user=- ms=\d+\.\d skills=-$/,
    );
    expect(lines[2]).toMatch(
      /^\[autoskill\] access method=GET route=\/v1\/autoskill\/skills\/:id status=200 user=alice ms=\d+\.\d skills=-$/,
    );
    expect(served.stderr.text).not.toContain(KEY);
    expect(served.stderr.text).not.toContain('?user=');
  });

  it('logs no requests by default', { tags: ['slow'] }, async () => {
    const served = await serveInProcess(proxyArgs(), {}, ANNOUNCED);
    const response = await fetch(`${served.url}/health`);
    expect(response.status).toBe(200);
    await response.text();
    expect(await served.stop()).toBe(0);
    expect(served.stderr.text).not.toContain(' access ');
  });
});
