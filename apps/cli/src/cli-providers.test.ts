import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeVendorServer, startFakeOpenAI } from '@autoskill/test-vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';

const KEY = 'sk-test-cli-0123456789abcdef';

const skillJson = JSON.stringify({
  skills: [
    {
      name: 'report-writing-with-citations',
      title: 'Report writing with citations',
      description: 'Writes reports that never invent facts and cite every number.',
      instructions:
        '# Goal\nWrite a report on <TOPIC>.\n\n# Constraints & Style\n- Do not hallucinate.\n- Cite every number with its source.',
      triggers: ['write a report', 'draft a report with sources', 'report with citations'],
      tags: ['report', 'citations'],
      confidence: 0.8,
    },
  ],
});

/** `autoskill <args>` in this process with exactly `env` as its environment. */
const run = (args: string[], env: Record<string, string>) => runInProcess(args, { env });

let directory: string;
let vendor: FakeVendorServer;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-vendor-'));
  vendor = await startFakeOpenAI({ apiKey: KEY, reply: () => skillJson, embeddingDimensions: 64 });
  await writeFile(
    join(directory, 'chat.json'),
    JSON.stringify([
      {
        role: 'user',
        content: 'Write a report about agents. Do not hallucinate; cite every number.',
      },
    ]),
  );
});
afterAll(async () => {
  await vendor.close();
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill CLI with a real vendor (fake server on 127.0.0.1)', () => {
  it('uses the OpenAI provider given by flags for extraction and embeddings', async () => {
    const store = join(directory, 'by-flag');
    const result = await run(
      [
        'ingest',
        '--user-id',
        'u1',
        '--file',
        join(directory, 'chat.json'),
        '--json',
        '--store-dir',
        store,
        '--llm-provider',
        'openai',
        '--llm-base-url',
        vendor.url,
        '--llm-api-key',
        KEY,
        '--llm-model',
        'gpt-test',
        '--embeddings-provider',
        'openai',
        '--embeddings-base-url',
        vendor.url,
        '--embeddings-api-key',
        KEY,
        '--embeddings-dims',
        '64',
      ],
      {},
    );
    expect(result.stderr).not.toContain(KEY);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).added[0]).toMatchObject({
      name: 'report-writing-with-citations',
      version: '0.1.0',
    });
    const paths = vendor.requests.map((request) => request.path);
    expect(paths.some((path) => path.endsWith('/chat/completions'))).toBe(true);
    expect(paths.some((path) => path.endsWith('/embeddings'))).toBe(true);
    const chat = vendor.requests.find((request) => request.path.endsWith('/chat/completions'));
    expect((chat?.body as { model?: string } | undefined)?.model).toBe('gpt-test');
  });

  it('picks the vendor from the environment when no flag is given, and says so with --verbose', async () => {
    const before = vendor.requests.length;
    const result = await run(
      [
        'ingest',
        '--user-id',
        'u1',
        '--file',
        join(directory, 'chat.json'),
        '--json',
        '--verbose',
        '--store-dir',
        join(directory, 'by-env'),
      ],
      {
        OPENAI_API_KEY: KEY,
        OPENAI_BASE_URL: vendor.url,
        AUTOSKILL_EMBEDDINGS_DIMS: '64',
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/openai/i);
    expect(result.stderr).not.toContain(KEY);
    expect(vendor.requests.length).toBeGreaterThan(before);
    expect(JSON.parse(result.stdout).added).toHaveLength(1);
  });

  it('reports a bad key as a clear one-line error without the key', async () => {
    const result = await run(
      [
        'ingest',
        '--user-id',
        'u1',
        '--file',
        join(directory, 'chat.json'),
        '--store-dir',
        join(directory, 'bad-key'),
        '--llm-provider',
        'openai',
        '--llm-base-url',
        vendor.url,
        '--llm-api-key',
        'sk-wrong-key-000000000000',
        '--embeddings-provider',
        'hashing',
      ],
      {},
    );
    expect(result.stderr).not.toContain('sk-wrong-key-000000000000');
    expect(result.stdout + result.stderr).toMatch(/401|nothing learned|model error/i);
  });
});
