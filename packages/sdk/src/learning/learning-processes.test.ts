import { type ChildProcess, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoSkill } from '../auto-skill';
import { jobsDirectory } from './learning-setup';

const CHILD = fileURLToPath(new URL('./fixtures/learning-process.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../..', import.meta.url));

interface Running {
  child: ChildProcess;
  /** The child's JSON line. */
  output: Promise<Record<string, string[]>>;
  exited: Promise<number | null>;
}

function run(mode: 'hold' | 'resume', storeDir: string, users?: number): Running {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, mode, storeDir, ...(users === undefined ? [] : [String(users)])],
    { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const output = new Promise<Record<string, string[]>>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n').find((entry) => entry.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    void exited.then((code) => reject(new Error(`${mode} exited with ${code}: ${errors}`)));
  });
  return { child, output, exited };
}

async function killHard(running: Running): Promise<void> {
  running.child.kill('SIGKILL');
  await running.exited;
}

/** Job files still on disk under the store. */
async function jobFiles(storeDir: string): Promise<string[]> {
  const queues = join(jobsDirectory(storeDir), 'queues');
  const files: string[] = [];
  for (const queue of await readdir(queues).catch(() => [] as string[]))
    for (const name of await readdir(join(queues, queue))) files.push(name);
  return files.filter((name) => name.endsWith('.json'));
}

/** Every user's skills: one skill per user, written once, means each job ran exactly once. */
async function revisionsPerUser(storeDir: string, users: number): Promise<number[][]> {
  const autoskill = new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
  });
  try {
    const revisions: number[][] = [];
    for (let index = 0; index < users; index++)
      revisions.push(
        (await autoskill.list({ userId: `user${index}` })).map((skill) => skill.revision),
      );
    return revisions;
  } finally {
    await autoskill.close();
  }
}

let store: TempDirectory | undefined;
const children: Running[] = [];
afterEach(async () => {
  for (const running of children.splice(0))
    if (running.child.exitCode === null) await killHard(running);
  await store?.cleanup();
  store = undefined;
});

describe('learning jobs across processes', () => {
  it('runs the jobs a process accepted before kill -9 after a restart, each once', {
    tags: ['slow'],
  }, async () => {
    store = await createTempDirectory();
    const holder = run('hold', store.path, 6);
    children.push(holder);
    const { accepted } = await holder.output;
    await killHard(holder);
    expect(accepted).toHaveLength(6);
    expect((await jobFiles(store.path)).sort()).toEqual(accepted?.map((id) => `${id}.json`).sort());

    const restarted = run('resume', store.path);
    children.push(restarted);
    const { completed } = await restarted.output;
    expect(await restarted.exited).toBe(0);
    expect(completed?.slice().sort()).toEqual(accepted?.slice().sort());
    expect(await jobFiles(store.path)).toEqual([]);
    expect(await revisionsPerUser(store.path, 6)).toEqual(Array.from({ length: 6 }, () => [1]));
  });

  it('never runs a job twice: a live owner keeps its jobs, two processes share a dead one’s', {
    tags: ['slow'],
  }, async () => {
    store = await createTempDirectory();
    const holder = run('hold', store.path, 12);
    children.push(holder);
    const { accepted } = await holder.output;

    const whileAlive = run('resume', store.path);
    children.push(whileAlive);
    expect((await whileAlive.output).completed).toEqual([]);
    expect(await jobFiles(store.path)).toHaveLength(12);

    await killHard(holder);
    const racers = [run('resume', store.path), run('resume', store.path)];
    children.push(...racers);
    const results = await Promise.all(racers.map((racer) => racer.output));
    const ran = results.flatMap((result) => result.completed ?? []);
    expect(ran.slice().sort()).toEqual(accepted?.slice().sort());
    expect(new Set(ran).size).toBe(ran.length);
    expect(await revisionsPerUser(store.path, 12)).toEqual(Array.from({ length: 12 }, () => [1]));
  });
});
