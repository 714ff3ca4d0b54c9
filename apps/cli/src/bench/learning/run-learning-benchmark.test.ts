import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATA } from '../../../../../fixtures/corpora';
import { runInProcess } from '../../test-support/run-in-process';
import { DEFAULT_SCENARIOS_FILE } from './default-inputs';
import { runLearningBenchmark } from './run-learning-benchmark';
import { readScenarioFile } from './scenario-file';
import { createScriptedModel } from './scripted-model';
import { readSessionFile } from './session-file';

const FIXTURE = join(import.meta.dirname, '__fixtures__', 'sessions');
const SAMPLE_SESSIONS = join(SAMPLE_DATA, 'web-sessions-dev');

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-bench-learning-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('session files of the original web UI', () => {
  it('reads chat turns with what the original learned at each (command turns skipped)', async () => {
    const group = await readSessionFile(join(FIXTURE, 't1.json'));
    expect(group.userId).toBe('t1');
    expect(group.sessions.map((session) => session.turns.map((turn) => turn.expected))).toEqual([
      ['unknown', 'learned', 'unknown', 'not-learned'],
      ['unknown', 'unknown'],
    ]);
    expect(group.sessions[0]?.turns[1]?.expectedSkillIds).toEqual(['orig-1']);
  });

  it('reads the sample copied from the dev sessions', async () => {
    const group = await readSessionFile(join(SAMPLE_SESSIONS, 'u11.json'));
    expect(group.sessions).toHaveLength(1);
    expect(group.sessions[0]?.turns.map((turn) => turn.expected)).toEqual(['unknown', 'learned']);
  });
});

describe('learning benchmark', () => {
  it('counts, with the scripted model, exactly what the fixture makes it learn', async () => {
    // Session a: the rule at turn 2 ("always") is learned where the original learned; "Make it
    // shorter." after an answer is learned where the original learned nothing; "Thanks." is not.
    // Session b: its first request states a standing rule ("Always … from now on"), so a first
    // turn teaches. Turns 3 (scheduled only) and b/2 (failed) are unknown.
    const report = await runLearningBenchmark({ sessions: FIXTURE, llm: createScriptedModel() });
    const figures = report.sessions?.figures;
    expect(report.model).toBe('scripted:scripted-v1');
    expect(report.window).toBe(6);
    expect(figures).toMatchObject({
      groups: 1,
      sessions: 2,
      turns: 6,
      agreement: { count: 1, of: 1, share: 1 },
      learnedWhereReferenceDidNot: { count: 1, of: 1, share: 1 },
      unknownTurns: 2,
      firstTurnsTaught: { count: 1, of: 2, share: 0.5 },
      retrieval: { count: 2, of: 2, share: 1 },
      errors: 0,
      missed: [],
    });
    expect(figures?.skills.reference).toBe(1);
    // Three learning steps; how many skills they make is the judge's call (merge when similar).
    expect(figures?.skills.created).toBeGreaterThanOrEqual(1);
    expect(figures?.skills.created).toBeLessThanOrEqual(3);
    expect(figures?.taughtFirstTurns.map((turn) => `${turn.session}/${turn.turn}`)).toEqual([
      'session-b/turn_1',
    ]);
    expect(report.sessions?.met).toMatchObject({ agreement: true, firstTurnsTaught: false });
  });

  it('replays the sample session offline and reports the reference side exactly', async () => {
    const report = await runLearningBenchmark({ sessions: SAMPLE_SESSIONS });
    expect(report.model).toBe('mock:offline');
    expect(report.sessions?.figures).toMatchObject({
      groups: 1,
      sessions: 1,
      turns: 2,
      agreement: { of: 1 },
      learnedWhereReferenceDidNot: { count: 0, of: 0, share: null },
      unknownTurns: 0,
      firstTurnsTaught: { of: 1 },
      skills: { reference: 1 },
      errors: 0,
    });
  });

  it('keeps a valid scenario set of both kinds in English and Chinese', async () => {
    const scenarios = await readScenarioFile(DEFAULT_SCENARIOS_FILE);
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(scenarios.map((scenario) => scenario.kind));
    expect([...kinds].sort()).toEqual(['feedback', 'one-off', 'preference', 'procedure']);
    const languages = new Set(scenarios.map((scenario) => scenario.language));
    expect(languages).toEqual(new Set(['en', 'zh']));
    expect(scenarios.filter((scenario) => scenario.turns.some((turn) => turn.learn)).length).toBe(
      scenarios.filter((scenario) => scenario.kind !== 'one-off').length,
    );
  });
});

describe('autoskill bench learning', () => {
  it('prints the report as JSON with --json', async () => {
    const result = await runInProcess([
      'bench',
      'learning',
      '--sessions',
      FIXTURE,
      '--no-scenarios',
      '--llm-provider',
      'scripted',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.benchmark).toBe('learning');
    expect(report.sessions.figures.agreement).toEqual({ count: 1, of: 1, share: 1 });
    expect(report.scenarios).toBeUndefined();
  });

  it('prints a table without --json', async () => {
    const result = await runInProcess([
      'bench',
      'learning',
      '--sessions',
      FIXTURE,
      '--no-scenarios',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\(a\) learned where the reference learned +\d+ \/ 1/);
    expect(result.stdout).toMatch(/\(d\) first request asked again retrieves/);
  });

  it('refuses a bad scenario file with one line and exit code 2', async () => {
    const bad = join(directory, 'bad.json');
    await writeFile(bad, JSON.stringify({ version: 1, scenarios: [{ id: 'x' }] }));
    const result = await runInProcess(['bench', 'learning', '--no-sessions', '--scenarios', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/not a scenario file/);
  });

  it('refuses a missing sessions folder', async () => {
    const result = await runInProcess([
      'bench',
      'learning',
      '--sessions',
      join(directory, 'nowhere'),
      '--no-scenarios',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/does not exist/);
  });
});
