import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SkillUsageLedger } from './index';
import { USAGE_FILE } from './skill-usage-ledger';

const WORKER = fileURLToPath(new URL('./fixtures/usage-worker.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
const ID = '11111111-1111-4111-8111-111111111111';

function runWorker(directory: string, events: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, directory, ID, String(events)],
      {
        cwd: REPOSITORY,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(errors))));
  });
}

describe('SkillUsageLedger', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'autoskill-usage-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes in batches, survives a restart and sees what this process has not written yet', async () => {
    const ledger = new SkillUsageLedger({ directory, sync: false, flushDelayMs: 60_000 });
    ledger.record(ID, 'retrieved', new Date('2026-11-01T00:00:00Z'));
    ledger.record(ID, 'injected', new Date('2026-11-01T00:00:00Z'));
    ledger.record(ID, 'retrieved', new Date('2026-11-02T00:00:00Z'));
    expect(await ledger.get(ID)).toEqual({
      retrieved: 2,
      injected: 1,
      used: 0,
      lastRetrievedAt: '2026-11-02T00:00:00.000Z',
      lastInjectedAt: '2026-11-01T00:00:00.000Z',
    });
    await expect(readFile(join(directory, USAGE_FILE))).rejects.toThrow(); // nothing written yet
    await ledger.close();

    const reopened = new SkillUsageLedger({ directory, sync: false });
    expect((await reopened.get(ID)).retrieved).toBe(2);
    expect(await reopened.get('22222222-2222-4222-8222-222222222222')).toEqual({
      retrieved: 0,
      injected: 0,
      used: 0,
    });
    await reopened.close();
  });

  it('adds up the counts of concurrent processes without losing any', {
    tags: ['slow'],
  }, async () => {
    await Promise.all([
      runWorker(directory, 60),
      runWorker(directory, 60),
      runWorker(directory, 60),
    ]);
    const ledger = new SkillUsageLedger({ directory });
    expect(await ledger.get(ID)).toMatchObject({ retrieved: 180, used: 90, injected: 0 });
    await ledger.close();
  });

  it('treats a damaged file as empty instead of failing', async () => {
    await mkdir(join(directory, '.autoskill'), { recursive: true });
    await writeFile(join(directory, USAGE_FILE), '{not json');
    const warnings: string[] = [];
    const ledger = new SkillUsageLedger({
      directory,
      logger: { warn: (line) => warnings.push(line) },
    });
    expect((await ledger.get(ID)).retrieved).toBe(0);
    ledger.record(ID, 'used');
    await ledger.close();
    expect(JSON.parse(await readFile(join(directory, USAGE_FILE), 'utf8')).skills[ID].used).toBe(1);
    expect(warnings.join('\n')).toContain('damaged');
  });
});
