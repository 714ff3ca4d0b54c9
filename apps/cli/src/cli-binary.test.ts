// The real `autoskill` binary in its own process (as `pnpm autoskill` runs it): the other CLI
// tests drive the same code in process, these prove the entry point, exit codes and streams.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, 'bin.ts');
const tsx = resolve(here, '../node_modules/.bin/tsx');

function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      tsx,
      [bin, ...args],
      { cwd: directory, env: { PATH: process.env.PATH ?? '', HOME: directory } },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-bin-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the autoskill binary', () => {
  it('runs the offline demo with exit code 0 and nothing on stderr', {
    tags: ['slow'],
  }, async () => {
    const result = await spawnCli(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/learned: new skill "Standard release process" v0\.1\.0/);
  });

  it('answers a bad argument with exit code 2 and one line on stderr', {
    tags: ['slow'],
  }, async () => {
    const result = await spawnCli(['search', 'x', '--top-k', 'abc', '--store-dir', 'Skills']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'autoskill: --top-k must be an integer, got "abc"',
    ]);
  });
});
