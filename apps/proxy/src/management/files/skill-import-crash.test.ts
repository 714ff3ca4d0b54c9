import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoSkill } from '@autoskill/sdk';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { skillMd } from './test-support/craft-zip';

// Issue 11, defect 6: kill -9 during an API import leaves no temp tree anywhere and either all of
// the upload's skills or none of them in the store once it is opened again.

const SERVER = fileURLToPath(new URL('./test-support/import-server.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../../..', import.meta.url));
// 990 skills of two files: under the upload's 2,000-file limit.
const COUNT = 990;
const USER = 'crash-user';

let scratch: string | undefined;
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function entries(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** Starts the proxy child with its own TMPDIR; resolves its URL and the process. */
function startServer(
  storeDir: string,
  temp: string,
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, storeDir], {
      cwd: REPOSITORY,
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith('{'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`proxy exited early (${code}): ${errors}`)));
  });
}

function uploadZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (let index = 0; index < COUNT; index++) {
    files[`pack/skill-${index}/SKILL.md`] = strToU8(
      skillMd(`crash-skill-${index}`, `Step ${index}.`),
    );
    files[`pack/skill-${index}/references/notes.md`] = strToU8(`notes ${index}\n`.repeat(20));
  }
  return zipSync(files, { level: 1 });
}

describe('an API import killed with SIGKILL', () => {
  // Killed while the upload is staged (nothing published yet), or once skills are published.
  for (const moment of ['staging', 'publishing'] as const)
    it(`leaves all of the skills or none, no staging and nothing in the temp folder (killed while ${moment})`, {
      tags: ['slow'],
    }, async () => {
      scratch = await mkdtemp(join(tmpdir(), 'autoskill-import-crash-'));
      const storeDir = join(scratch, 'Skills');
      const temp = join(scratch, 'tmp');
      await mkdir(temp);
      const { child, url } = await startServer(storeDir, temp);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const batches = join(storeDir, '.autoskill', 'batches');
      const userFolder = join(storeDir, 'Users', USER);
      const poll = setInterval(() => {
        const staged = entries(batches).some(
          (batch) => entries(join(batches, batch, 'items')).length > 10,
        );
        const published = entries(userFolder).length > 50;
        if (published || (moment === 'staging' && staged)) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 1);
      const answer = await fetch(`${url}/v1/autoskill/skills/import`, {
        method: 'POST',
        headers: { 'x-autoskill-user': USER, 'content-type': 'application/zip' },
        body: uploadZip(),
      }).then(
        (response) => response.status,
        () => 'killed',
      );
      clearInterval(poll);
      child.kill('SIGKILL');
      await exited;

      // Nothing but the TypeScript loader's own cache (tsx-<uid>) in the child's temp folder.
      // Killed mid-import (or, on a very fast machine, finished first) — never refused.
      expect(['killed', 200]).toContain(answer);
      expect((await readdir(temp)).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
      const autoskill = new AutoSkill({
        storeDir,
        llm: { provider: 'mock' },
        embeddings: { provider: 'hashing' },
        logger: 'silent',
        env: {},
      });
      try {
        const skills = await autoskill.list({ userId: USER, scope: 'user' });
        expect([0, COUNT], `answer: ${answer}`).toContain(skills.length);
        expect(existsSync(batches)).toBe(false);
        if (skills.length === COUNT)
          expect(new Set(skills.map((skill) => skill.name)).size).toBe(COUNT);
      } finally {
        await autoskill.close();
      }
    });
});
