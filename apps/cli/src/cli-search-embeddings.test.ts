// Issue 15: an API key in the shell does not switch a store's embeddings; a failing embedding
// vendor costs one warning and a keyword search, not the search.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeVendorServer, startFakeOpenAI } from '@autoskill/test-vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';

let directory: string;
let store: string;
let vendor: FakeVendorServer;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-embeddings-'));
  store = join(directory, 'Skills');
  const source = join(directory, 'source', 'commit-messages');
  await mkdir(source, { recursive: true });
  await writeFile(
    join(source, 'SKILL.md'),
    '---\nname: commit-messages\ndescription: Write git commit messages in the imperative mood.\n---\n# Commit messages\nKeep the subject short.\n',
  );
  // Indexed offline: hashing embeddings.
  const imported = await runInProcess([
    'import',
    '--root-dir',
    join(directory, 'source'),
    '--store-dir',
    store,
  ]);
  expect(imported.code).toBe(0);
  vendor = await startFakeOpenAI();
});
afterAll(async () => {
  await vendor.close();
  await rm(directory, { recursive: true, force: true });
});

const search = (extra: string[], env: Record<string, string>) =>
  runInProcess(['search', 'commit', 'message', '--store-dir', store, '--json', ...extra], { env });

describe('search embeddings', () => {
  it('keeps the hashing embeddings the store was indexed with when OPENAI_API_KEY is set', async () => {
    vendor.reset();
    const result = await search([], { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: vendor.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0].name).toBe('commit-messages');
    expect(vendor.requests.filter((request) => request.path.endsWith('/embeddings'))).toEqual([]);
    expect(
      (await readdir(join(store, 'vectors'))).every((name) => name.startsWith('hashing-')),
    ).toBe(true);
  });

  it('falls back to keyword search with one warning when the asked-for embeddings fail', async () => {
    vendor.reset();
    vendor.script(
      ...Array.from({ length: 10 }, () => ({
        kind: 'error' as const,
        status: 400,
        message: 'embeddings are down',
      })),
    );
    const result = await search(
      [
        '--embeddings-provider',
        'openai',
        '--embeddings-dims',
        '8',
        '--embeddings-base-url',
        vendor.url,
      ],
      { OPENAI_API_KEY: 'sk-test' },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0].name).toBe('commit-messages');
    const warnings = result.stderr.trim().split('\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^\[autoskill\] warning: embeddings openai:text-embedding-3-small failed \(.*\); searching by keywords only$/,
    );
    expect(result.stderr).not.toContain('sk-test');
  });
});
