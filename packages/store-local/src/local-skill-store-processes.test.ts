import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore, type LocalSkillStore } from './index';
import { userSkill } from './test-helpers';

const WORKER = fileURLToPath(new URL('./fixtures/update-worker.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));

interface WorkerSummary {
  worker: string;
  done: number;
  conflicts: number;
  ownId: string;
}

function runWorker(
  directory: string,
  id: string,
  updates: number,
  worker: string,
): Promise<WorkerSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, directory, id, String(updates), worker],
      {
        cwd: REPOSITORY,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker ${worker} exited with ${code}: ${errors}`));
      else resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as WorkerSummary);
    });
  });
}

let directory: TempDirectory;
let store: LocalSkillStore;

afterEach(async () => {
  await store?.close();
  await directory?.cleanup();
});

describe('several processes on one store', () => {
  it('loses no update when 4 processes do read-modify-write with expectedRevision', {
    tags: ['slow'],
  }, async () => {
    directory = await createTempDirectory();
    store = await createLocalSkillStore({ directory: directory.path, sync: false });
    const skill = await store.put(userSkill('shared'));
    const workers = ['w1', 'w2', 'w3', 'w4'];
    const updates = 12;
    const summaries = await Promise.all(
      workers.map((worker) => runWorker(directory.path, skill.id, updates, worker)),
    );

    const total = summaries.reduce((sum, summary) => sum + summary.done, 0);
    expect(total).toBe(workers.length * updates);
    const final = await store.get(skill.id);
    expect(final?.revision).toBe(1 + total);
    const history = await store.history(skill.id);
    expect(history.map((entry) => entry.revision)).toEqual(
      Array.from({ length: 1 + total }, (_, index) => index + 1),
    );
    for (const worker of workers) {
      for (let index = 0; index < updates; index++)
        expect(final?.instructions).toContain(`- ${worker}-${index}\n`.trimEnd());
    }
    const lines = (final?.instructions ?? '')
      .split('\n')
      .filter((line) => /^- w\d-\d+$/.test(line));
    expect(new Set(lines).size).toBe(total);
    // Skills created by the other processes are visible here without a restart.
    const created = await store.list({ scope: 'user' });
    expect(created.map((item) => item.id)).toEqual(
      expect.arrayContaining(summaries.map((summary) => summary.ownId)),
    );
    expect(created).toHaveLength(1 + workers.length);
  });

  it('sees a skill created in another process after refresh()', async () => {
    directory = await createTempDirectory();
    store = await createLocalSkillStore({ directory: directory.path, sync: false });
    const other = await createLocalSkillStore({ directory: directory.path, sync: false });
    try {
      const created = await other.put(userSkill('alice'));
      expect(await store.refresh()).toEqual([created.id]);
      expect((await store.get(created.id))?.name).toBe('release-checklist');
      await other.put(userSkill('alice', { id: created.id, name: 'renamed-skill' }));
      await other.delete(created.id);
      expect(await store.refresh()).toEqual([created.id]);
      expect(await store.get(created.id)).toBeUndefined();
      expect(await store.refresh()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
