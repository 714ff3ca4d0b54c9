import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { LearningJobRecord } from '@autoskill/core';
import {
  createTempDirectory,
  runLearningJobStoreTests,
  type TempDirectory,
} from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLearningJobStore } from './file-learning-job-store';
import { thisProcess } from './job-owner';

runLearningJobStoreTests('file', {
  createStorage: async () => {
    const directory = await createTempDirectory();
    return {
      open: async () => createFileLearningJobStore({ directory: directory.path }),
      cleanup: () => directory.cleanup(),
    };
  },
});

function record(id: string): LearningJobRecord {
  return {
    id,
    experience: { userId: 'alice', messages: [{ role: 'user', content: id }] },
    trigger: 'auto',
    createdAt: '2026-12-01T10:00:00.000Z',
    sequence: 0,
  };
}

let directory: TempDirectory | undefined;
afterEach(async () => {
  await directory?.cleanup();
  directory = undefined;
});

/** Writes a queue (and, unless `owner` is undefined, an owner file) as another process would. */
async function leftBehind(
  ownerId: string,
  owner: object | undefined,
  files: Record<string, string>,
  ageMs = 0,
): Promise<void> {
  const root = (directory as TempDirectory).path;
  const queue = join(root, 'queues', `${ownerId}~0`);
  await mkdir(queue, { recursive: true });
  await mkdir(join(root, 'owners'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(queue, name), text);
  if (owner === undefined) return;
  const file = join(root, 'owners', `${ownerId}.json`);
  await writeFile(file, JSON.stringify(owner));
  const then = new Date(Date.now() - ageMs);
  await utimes(file, then, then);
}

const job = (id: string) => JSON.stringify({ version: 1, record: record(id) });

describe('file job store: who is gone', () => {
  it('takes over a live-looking pid once its heartbeat is stale, never while fresh', async () => {
    directory = await createTempDirectory();
    const parent = { pid: process.ppid, hostname: hostname(), processStartedAt: 0 };
    await leftBehind('fresh', parent, { 'job_fresh.json': job('job_fresh') });
    await leftBehind('stale', parent, { 'job_stale.json': job('job_stale') }, 120_000);
    const store = createFileLearningJobStore({ directory: directory.path });
    expect((await store.claimOrphans()).map((claimed) => claimed.id)).toEqual(['job_stale']);
    await store.close();
  });

  it('takes over an earlier process that had this pid (a restarted container)', async () => {
    directory = await createTempDirectory();
    await leftBehind(
      'earlier',
      { ...thisProcess(), processStartedAt: 1 },
      {
        'job_earlier.json': job('job_earlier'),
      },
    );
    const store = createFileLearningJobStore({ directory: directory.path });
    expect((await store.claimOrphans()).map((claimed) => claimed.id)).toEqual(['job_earlier']);
    await store.close();
  });

  it('trusts only the heartbeat of an owner on another host', async () => {
    directory = await createTempDirectory();
    const elsewhere = { pid: 1, hostname: `not-${hostname()}`, processStartedAt: 0 };
    await leftBehind('remote', elsewhere, { 'job_remote.json': job('job_remote') });
    await leftBehind('remote-stale', elsewhere, { 'job_gone.json': job('job_gone') }, 120_000);
    const store = createFileLearningJobStore({ directory: directory.path });
    expect((await store.claimOrphans()).map((claimed) => claimed.id)).toEqual(['job_gone']);
    await store.close();
  });

  it('sets unreadable job files aside, removes interrupted writes and gone owners', async () => {
    directory = await createTempDirectory();
    const warnings: string[] = [];
    await leftBehind('crashed', undefined, {
      'job_good.json': job('job_good'),
      'job_torn.json': '{"version":1,"rec',
      'job_half.json.tmp-1a2b3c': '{"version"',
    });
    const deadOwner = join(directory.path, 'owners', 'dead.json');
    await writeFile(deadOwner, JSON.stringify({ pid: 1, hostname: 'x', processStartedAt: 0 }));
    await utimes(deadOwner, new Date(0), new Date(0));
    const store = createFileLearningJobStore({
      directory: directory.path,
      logger: { warn: (line) => warnings.push(line) },
    });
    expect((await store.claimOrphans()).map((claimed) => claimed.id)).toEqual(['job_good']);
    expect(await readdir(join(directory.path, 'corrupt'))).toEqual([
      expect.stringMatching(/^\d+-job_torn\.json$/),
    ]);
    expect(warnings.join('\n')).toContain('job_torn.json is unreadable');
    expect(await readdir(join(directory.path, 'owners'))).not.toContain('dead.json');
    await store.remove('job_good');
    await store.close();
    // Closed with nothing left: no owner file, no queue.
    expect(await readdir(join(directory.path, 'owners'))).toEqual([]);
    expect(await readdir(join(directory.path, 'queues'))).toEqual([]);
  });
});
