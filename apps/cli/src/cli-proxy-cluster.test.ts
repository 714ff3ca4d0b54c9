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

/** A request on a fresh connection (the cluster spreads connections, not requests). */
function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const sent = request(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            json: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });
}

async function chat(base: string, text: string): Promise<{ traceId: string }> {
  const answer = await call(base, 'POST', '/v1/chat/completions', {
    model: 'm',
    messages: [{ role: 'user', content: text }],
  });
  return { traceId: String(answer.headers['x-autoskill-trace-id']) };
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
    timeout: 240_000,
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
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    // Each step gets a minute; a stuck step fails with what the proxy printed.
    const step = <T>(name: string, work: Promise<T>) =>
      Promise.race([
        work,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`${name} took over 60 s; output:\n${output}`)),
            60_000,
          ).unref(),
        ),
      ]);
    try {
      const [, base] = await step(
        'start',
        waitFor(child, 'stdout', /AutoSkill proxy on (http:\S+)\/v1 \(2 worker processes\)/),
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
      // A learning job is found (and listed) whichever worker the lookup lands on.
      const accepted = await call(base as string, 'POST', '/v1/autoskill/extractions', {
        messages: [{ role: 'user', content: 'From now on, always answer in bullet points.' }],
        wait: true,
      });
      const jobId = (accepted.json as { data: { job_id: string } }).data.job_id;
      for (let index = 0; index < 6; index++) {
        const found = await call(base as string, 'GET', `/v1/autoskill/extractions/${jobId}`);
        expect(found.status).toBe(200);
        const listed = await call(base as string, 'GET', '/v1/autoskill/extractions');
        expect(
          (listed.json as { data: Array<{ job_id: string }> }).data.map((job) => job.job_id),
        ).toContain(jobId);
      }
      // A worker that dies is replaced; the port keeps answering.
      const restarted = waitFor(child, 'stderr', /exited \(SIGKILL\); starting another/);
      const [, workerPid] = /^(\d+)/.exec(
        await new Promise<string>((resolve) => {
          // Only the workers (the TypeScript loader runs an esbuild child of its own).
          const ps = spawn('pgrep', ['-P', String(child.pid), '-f', 'proxy --workers']);
          let out = '';
          ps.stdout.on('data', (chunk: Buffer) => {
            out += chunk;
          });
          ps.once('exit', () => resolve(out.trim()));
        }),
      ) as RegExpExecArray;
      process.kill(Number(workerPid), 'SIGKILL');
      await step('restart', restarted);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await step('stop', exited)).toBe(0);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
