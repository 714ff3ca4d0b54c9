import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../test-support/run-in-process';
import type { EvalReport } from './eval-report';
import { writeEvalScenarios } from './eval-test-scenarios';

let directory: string;
let scenarios: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-eval-'));
  scenarios = await writeEvalScenarios(directory);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill eval (offline, in process)', () => {
  it('trains, answers with and without skills, judges both orders and writes the report', async () => {
    const out = join(directory, 'report.json');
    const result = await runInProcess(['eval', '--scenarios', scenarios, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/with skills vs baseline +\d+ wins, \d+ ties, \d+ losses/);
    expect(result.stdout).toMatch(/^release +procedure +1 +1 /m);
    const report = JSON.parse(await readFile(out, 'utf8')) as EvalReport;
    expect(report).toMatchObject({
      eval: 'autoskill',
      assistant: 'in-process',
      models: {
        assistant: 'mock:offline',
        simulator: 'offline rules (mock)',
        judge: 'offline rules (mock)',
      },
      summary: {
        cases: 2,
        failed: 0,
        learnedWhenExpected: { count: 1, of: 1 },
        learnedWhenNotExpected: { count: 0, of: 1 },
        injectedWhenLearned: { count: 1, of: 1 },
        positionConsistency: { of: 2 },
      },
    });
    const [release, capital] = report.cases;
    expect(release?.training).toEqual([
      { user: expect.stringContaining('regression -> canary'), answer: expect.any(String) },
    ]);
    expect(release?.injectedIds).toEqual(release?.learnedIds);
    expect(release?.answers.skills).not.toBe(release?.answers.base);
    expect(release?.verdicts.baseFirst.winner).toMatch(/^(1|2|tie)$/);
    expect(capital?.learnedIds).toEqual([]);
    expect(capital?.query).toBe('What is the capital of Australia?');
  });

  it('prints the report as JSON with --json', async () => {
    const result = await runInProcess([
      'eval',
      '--scenarios',
      scenarios,
      '--max-cases',
      '1',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport;
    expect(report.cases.map((entry) => entry.id)).toEqual(['release']);
  });

  it('refuses bad input with one line and exit code 2', async () => {
    const bad = join(directory, 'bad.json');
    await writeFile(bad, '{"version": 1, "scenarios": "no"}');
    for (const args of [
      ['eval', '--scenarios', bad],
      ['eval', '--scenarios', join(directory, 'missing.json')],
      ['eval', '--sessions', join(directory, 'nowhere')],
      ['eval', '--scenarios', scenarios, '--base-url', 'localhost:9000'],
      ['eval', '--scenarios', scenarios, '--out', join(directory, 'no-such-folder', 'r.json')],
      ['eval', '--scenarios', scenarios, '--max-cases', '0'],
    ]) {
      const result = await runInProcess(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stdout).toBe('');
    }
  });
});
