import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalSkillStore } from './index';

const WORKER = fileURLToPath(new URL('./fixtures/put-all-worker.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
const COUNT = 1500;

let directory: TempDirectory | undefined;
afterEach(async () => {
  await directory?.cleanup();
});

function entries(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Starts the worker and kills it (SIGKILL) once `ready()` holds; resolves how it ended. */
function runAndKill(root: string, ready: () => boolean): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, root, String(COUNT)],
      { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && ready()) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 1);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`worker exited with ${code}: ${errors}`));
    });
  });
}

describe('putAll survives kill -9: all or nothing after reopening', () => {
  for (const phase of ['staging', 'publishing'] as const) {
    it(`killed while ${phase}`, { tags: ['slow'] }, async () => {
      directory = await createTempDirectory();
      const root = directory.path;
      const batches = join(root, '.autoskill', 'batches');
      const ready =
        phase === 'staging'
          ? () =>
              entries(batches).some((batch) => entries(join(batches, batch, 'items')).length > 10)
          : () => entries(join(root, 'Users', 'alice')).length > 0;
      const ended = await runAndKill(root, ready);
      const store = await createLocalSkillStore({ directory: root, sync: false });
      try {
        const skills = await store.list({ scope: 'user', owner: 'alice' });
        expect([0, COUNT]).toContain(skills.length);
        if (ended === 'killed') expect(skills.length).toBe(phase === 'staging' ? 0 : COUNT);
        expect(existsSync(batches)).toBe(false);
        expect(store.loadErrors).toEqual([]);
        if (skills.length === COUNT) {
          expect(store.stats().unrecordedSkills).toBe(0);
          const last = skills.find((skill) => skill.name === `crash-skill-${COUNT - 1}`);
          expect(last?.files).toEqual(['references/notes.md']);
        }
      } finally {
        await store.close();
      }
    });
  }
});
