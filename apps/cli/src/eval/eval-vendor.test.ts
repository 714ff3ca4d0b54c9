// `autoskill eval` against a fake OpenAI vendor on 127.0.0.1: the simulator, the judge and the
// assistant (chat and learning) each call the model configured for them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FakeVendorServer,
  type RecordedRequest,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../test-support/run-in-process';
import type { EvalReport } from './eval-report';
import { writeEvalScenarios } from './eval-test-scenarios';

const KEY = 'sk-eval-test';

interface Body {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

/** Scripted vendor replies keyed by the system prompt of each call. */
function reply(request: RecordedRequest): string {
  const body = request.body as Body;
  const system = body.messages.find((message) => message.role === 'system')?.content ?? '';
  const user = body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  if (system.includes('You play the USER'))
    return `${JSON.parse(user).intent} (said by the simulator)`;
  if (system.includes('impartial judge')) {
    const data = JSON.parse(user) as { ANSWER_1: string; ANSWER_2: string };
    const first = data.ANSWER_1.includes('REMEMBERED');
    const second = data.ANSWER_2.includes('REMEMBERED');
    const winner = first === second ? 'tie' : first ? '1' : '2';
    return JSON.stringify({
      winner,
      score_1: first ? 90 : 40,
      score_2: second ? 90 : 40,
      reason: 'scripted',
    });
  }
  if (system.includes('skill extractor'))
    return user.includes('Before each release')
      ? JSON.stringify({
          skills: [
            {
              name: 'release-procedure',
              title: 'Release procedure',
              description: 'The steps to follow before each release.',
              instructions:
                '# Goal\nRelease safely.\n\n# Constraints & Style\n- Run regression, then canary, then monitor, then full rollout.',
              triggers: ['before each release', 'release steps'],
              tags: ['release'],
            },
          ],
        })
      : '{"skills": []}';
  if (system.includes('skill set manager')) return '{"action": "add", "reason": "new"}';
  if (system.includes('helpful assistant'))
    return system.includes('Release procedure')
      ? 'REMEMBERED: regression, canary, monitor, rollout.'
      : 'A generic answer.';
  return '';
}

let directory: string;
let vendor: FakeVendorServer;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-eval-vendor-'));
  vendor = await startFakeOpenAI({ apiKey: KEY, reply });
});
afterAll(async () => {
  await vendor.close();
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill eval with a configured vendor', () => {
  it('sends the simulator, judge and assistant calls to the model configured for each', async () => {
    const scenarios = await writeEvalScenarios(directory);
    const role = (flag: string, model: string) => [
      `--${flag}-provider`,
      'openai',
      `--${flag}-base-url`,
      vendor.url,
      `--${flag}-api-key`,
      KEY,
      `--${flag}-model`,
      model,
    ];
    const result = await runInProcess([
      'eval',
      '--scenarios',
      scenarios,
      '--json',
      '--embeddings-provider',
      'hashing',
      ...role('llm', 'chat-model'),
      ...role('sim', 'sim-model'),
      ...role('judge', 'judge-model'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport;
    expect(report.models).toEqual({
      assistant: 'openai:chat-model',
      simulator: 'openai:sim-model',
      judge: 'openai:judge-model',
    });

    const calls = vendor.requests
      .filter((request) => request.path.endsWith('/chat/completions'))
      .map((request) => request.body as Body);
    const systemOf = (body: Body) =>
      body.messages.find((message) => message.role === 'system')?.content ?? '';
    const byModel = (model: string) => calls.filter((body) => body.model === model).map(systemOf);
    // Two cases, one training turn each.
    expect(byModel('sim-model')).toHaveLength(2);
    expect(byModel('sim-model').every((system) => system.includes('You play the USER'))).toBe(true);
    // Two orders per case.
    expect(byModel('judge-model')).toHaveLength(4);
    expect(byModel('judge-model').every((system) => system.includes('impartial judge'))).toBe(true);
    const assistant = byModel('chat-model');
    expect(assistant.filter((system) => system.includes('helpful assistant'))).toHaveLength(6);
    expect(assistant.some((system) => system.includes('skill extractor'))).toBe(true);
    expect(
      calls.every((body) => ['chat-model', 'sim-model', 'judge-model'].includes(body.model)),
    ).toBe(true);

    const [release, capital] = report.cases;
    expect(release?.training[0]?.user).toMatch(/Before each release.*\(said by the simulator\)$/);
    expect(release?.learnedIds).toHaveLength(1);
    expect(release?.answers.skills).toMatch(/^REMEMBERED/);
    expect(release?.answers.base).toBe('A generic answer.');
    expect(release?.judgement).toMatchObject({
      outcome: 'win',
      consistent: true,
      scoreSkills: 90,
      scoreBase: 40,
    });
    expect(capital?.judgement.outcome).toBe('tie');
    expect(report.summary).toMatchObject({ wins: 1, ties: 1, losses: 0, winRate: 0.5 });
  });
});
