import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresSkillStore, type PostgresSkillStore } from './index';
import { dropSchema, freshSchema, TEST_DATABASE_URL } from './test-support/test-database';

// Real processes need a real server (PGlite lives inside one process): runs with
// AUTOSKILL_TEST_DATABASE_URL (scripts/with-postgres.sh), skipped otherwise.

const WORKER = fileURLToPath(new URL('./fixtures/merge-worker.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
let store: PostgresSkillStore | undefined;
let schema: string | undefined;

afterEach(async () => {
  if (store && schema) await dropSchema(store.database, schema);
  await store?.close();
});

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<{ worker: string; conflicts: number }>;
}

function startWorker(url: string, schemaName: string, id: string, name: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, schemaName, id, name], {
    cwd: REPOSITORY,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready\n')) onReady();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const done = new Promise<{ worker: string; conflicts: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker ${name} exited with ${code}: ${errors}`));
      else resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'));
    });
  });
  // A worker that dies before "ready" must fail the test, not hang it.
  void done.catch(() => onReady());
  return { child, ready, done };
}

describe.skipIf(!TEST_DATABASE_URL)('12 processes merging into one skill', () => {
  // Twelve `node --import tsx` starts: a minute or two on a loaded 2-core machine.
  it('end at revision 13, v0.1.12, with every merge kept', {
    tags: ['slow'],
    timeout: 400_000,
  }, async () => {
    const url = TEST_DATABASE_URL as string;
    schema = freshSchema();
    store = await createPostgresSkillStore({ database: url, schema });
    const created = await store.put({
      id: '',
      name: 'merged-facts',
      title: 'Merged facts',
      description: 'Facts merged by many processes. Use when asked for them:',
      instructions: '# Facts\n\nSee the description.',
      version: '0.1.0',
      tags: [],
      triggers: [],
      examples: [],
      metadata: {},
      extra: {},
      scope: 'user',
      owner: 'alice',
    });
    const workers = Array.from({ length: 12 }, (_, index) =>
      startWorker(url, schema as string, created.id, `w${index}`),
    );
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin?.write('go\n');
    const summaries = await Promise.all(workers.map((worker) => worker.done));
    expect(summaries).toHaveLength(12);
    const merged = await store.get(created.id);
    expect(merged?.revision).toBe(13);
    expect(merged?.version).toBe('0.1.12');
    for (let index = 0; index < 12; index++)
      expect(merged?.description).toContain(`fact-w${index}.`);
    const history = await store.history(created.id);
    expect(history.map((entry) => entry.version)).toEqual(
      Array.from({ length: 13 }, (_, index) => `0.1.${index}`),
    );
  });
});
