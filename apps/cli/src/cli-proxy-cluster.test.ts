// `autoskill proxy --workers 2`: the real binary as a node:cluster primary with two workers on one
// port. Requests spread over both, any worker finds any trace, a killed worker is replaced, and
// SIGTERM stops every process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), 'bin.ts');
// The loader by absolute URL: the binary runs in a temp folder, and the workers inherit the flag.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cluster-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** POST on a fresh connection (the cluster spreads connections, not requests). */
function chat(base: string, text: string): Promise<{ traceId: string; body: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: text }] });
    const call = request(
      `${base}/v1/chat/completions`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ traceId: String(response.headers['x-autoskill-trace-id']), body: text }),
        );
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp) {
  return new Promise<RegExpExecArray>((resolve, reject) => {
    let text = '';
    child[stream]?.on('data', (chunk: Buffer) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${pattern}: ${text}`)));
  });
}

describe('autoskill proxy --workers 2', () => {
  it('serves from two processes that share traces, replaces a dead one, and stops on SIGTERM', {
    tags: ['slow'],
  }, async () => {
    const child = spawn(
      process.execPath,
      ['--import', tsx, bin, 'proxy', '--workers', '2', '--port', '0'],
      {
        cwd: directory,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: directory,
          AUTOSKILL_STORE_DIR: join(directory, 'Skills'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const [, base] = await waitFor(
        child,
        'stdout',
        /AutoSkill proxy on (http:\S+)\/v1 \(2 worker processes\)/,
      );
      const answers = [];
      for (let index = 0; index < 16; index++)
        answers.push(await chat(base as string, `question ${index}`));
      const owners = new Set(answers.map((answer) => answer.traceId.slice(6, 22)));
      expect(owners.size).toBe(2);
      // Every trace is found whichever worker the lookup lands on.
      for (const { traceId } of answers) {
        const response = await fetch(`${base}/v1/autoskill/traces/${traceId}`);
        expect(response.status, traceId).toBe(200);
        expect(((await response.json()) as { trace_id: string }).trace_id).toBe(traceId);
      }
      // A worker that dies is replaced; the port keeps answering.
      const restarted = waitFor(child, 'stderr', /exited \(SIGKILL\); starting another/);
      const [, workerPid] = /^(\d+)/.exec(
        await new Promise<string>((resolve) => {
          const ps = spawn('pgrep', ['-P', String(child.pid)]);
          let out = '';
          ps.stdout.on('data', (chunk: Buffer) => {
            out += chunk;
          });
          ps.once('exit', () => resolve(out.trim()));
        }),
      ) as RegExpExecArray;
      process.kill(Number(workerPid), 'SIGKILL');
      await restarted;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
