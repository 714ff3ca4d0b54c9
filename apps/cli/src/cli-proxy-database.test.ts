// Issue 16: `autoskill proxy --database-url` answers through the real `openai` client with a
// skill kept in the database (embedded PGlite here) injected into what the vendor receives.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeVendorServer, startFakeOpenAI } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, serveInProcess } from './test-support/run-in-process';
import { DATABASE_START_TIMEOUT, pgliteUrl } from './test-support/test-database-url';

const ANNOUNCED = /AutoSkill proxy on (http:\/\/\S+)\/v1/;
let directory: string;
let databaseUrl: string;
let vendor: FakeVendorServer;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-proxy-database-'));
  databaseUrl = await pgliteUrl(join(directory, 'pgdata'));
  vendor = await startFakeOpenAI({ apiKey: 'vendor-key', reply: 'Done.' });
}, DATABASE_START_TIMEOUT);
afterAll(async () => {
  await vendor?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill proxy on a database', () => {
  it('injects a skill kept in the database into the upstream request', {
    tags: ['slow'],
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const folders = join(directory, 'folders');
    await mkdir(join(folders, 'release-checklist'), { recursive: true });
    await writeFile(
      join(folders, 'release-checklist', 'SKILL.md'),
      '---\nname: release-checklist\ndescription: Steps to release a service to production\n---\n\nTag the release, run the smoke tests, then announce it in #releases.\n',
    );
    const imported = await runInProcess([
      'import',
      '--root-dir',
      folders,
      '--database-url',
      databaseUrl,
    ]);
    expect(imported.code).toBe(0);

    const served = await serveInProcess(
      [
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
        vendor.url,
      ],
      { DATABASE_URL: databaseUrl, OPENAI_API_KEY: 'vendor-key' },
      ANNOUNCED,
    );
    try {
      expect(served.stdout.text).toContain('store: (database)');
      const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const answer = await client.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'How do I release a service to production?' }],
      });
      expect(answer.choices[0]?.message.content).toBe('Done.');
      const upstream = vendor.requests.filter((request) =>
        request.path.endsWith('/chat/completions'),
      );
      expect(JSON.stringify(upstream.at(-1)?.body)).toContain('run the smoke tests');
    } finally {
      expect(await served.stop()).toBe(0);
    }
    expect(served.stderr.text).not.toContain('vendor-key');
  });
});
