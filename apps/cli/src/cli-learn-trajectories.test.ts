import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RecordedRequest, startFakeOpenAI } from '@autoskill/test-vendors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';

// Issue 15: `learn --trajectories FILE|DIR` and `learn --file DIR`.
const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/trajectories');
let directory: string;
let store: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-trajectories-'));
  store = join(directory, 'Skills');
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill learn --trajectories', () => {
  it('learns procedures from the successful runs of a folder and says why the others taught nothing', async () => {
    const result = await runInProcess(['learn', '--trajectories', FIXTURES, '--store-dir', store]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Processed 5 of 5 trajectory(ies), 0 failed; 2 skill(s) added, 0 merged.',
    );
    expect(lines[1]).toMatch(
      /^ {2}learned deploy-with-fix\.json#1 \(run-deploy-billing-staging\): Standard release process \([0-9a-f-]{36}\) v0\.1\.0$/,
    );
    expect(lines[2]).toMatch(
      /^ {2}learned event-runs\.jsonl#1 \(run-weekly-sales-report\): Sales report compiling/,
    );
    expect(lines[3]).toMatch(
      /^ {2}skipped event-runs\.jsonl#2 \(run-unit-conversion\): a single tool call \(calculator\) is a one-off/,
    );
    expect(lines[4]).toMatch(
      /^ {2}skipped failed-migration\.json#1 \(run-orders-migration\): the run failed/,
    );
    expect(lines[5]).toMatch(
      /^ {2}skipped trivial-weather\.json#1 \(run-weather\): a single tool call \(get_weather\)/,
    );

    const shown = await runInProcess([
      'search',
      'deploy a service to staging',
      '--json',
      '--store-dir',
      store,
    ]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)[0]).toMatchObject({ title: 'Standard release process' });
  });

  it('reads one JSONL file and prints JSON with --json', async () => {
    const result = await runInProcess([
      'learn',
      '--trajectories',
      join(FIXTURES, 'event-runs.jsonl'),
      '--json',
      '--store-dir',
      store,
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ totalTrajectories: 2, processed: 2, failed: 0 });
    expect(summary.added.map((skill: { title: string }) => skill.title)).toEqual([
      'Sales report compiling',
    ]);
  });

  it('exits 2 with one line for a path without trajectories, a missing path, or both inputs', async () => {
    const empty = join(directory, 'empty');
    await mkdir(empty);
    const none = await runInProcess(['learn', '--trajectories', empty, '--store-dir', store]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^autoskill: .*no trajectories found in .*\n$/);
    const missing = await runInProcess([
      'learn',
      '--trajectories',
      join(directory, 'nope.jsonl'),
      '--store-dir',
      store,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^autoskill: .*does not exist\n$/);
    const both = await runInProcess([
      'learn',
      '--trajectories',
      FIXTURES,
      '--file',
      join(FIXTURES, 'trivial-weather.json'),
      '--store-dir',
      store,
    ]);
    expect(both).toMatchObject({
      code: 2,
      stderr: 'autoskill: give --file or --trajectories, not both\n',
    });
  });
});

describe('autoskill learn --file <folder>', () => {
  it('learns from every conversation file under a folder', async () => {
    const folder = join(directory, 'chats');
    await mkdir(join(folder, 'week-2'), { recursive: true });
    const chat = (rule: string) =>
      JSON.stringify({
        messages: [
          { role: 'user', content: 'Write a report about our agents' },
          { role: 'assistant', content: 'Here is the report.' },
          { role: 'user', content: rule },
        ],
      });
    await writeFile(join(folder, 'monday.json'), chat('Always cite every number.'));
    await writeFile(join(folder, 'week-2', 'tuesday.jsonl'), `${chat('Never use tables.')}\n`);
    const result = await runInProcess(['learn', '--file', folder, '--store-dir', store]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Processed 2 of 2 conversation\(s\), 0 failed; [12] skill\(s\) added/,
    );
  });
});

/** The fake vendor's model: answers the trajectory prompt as a model plausibly would (the successful steps as the workflow). */
function trajectoryReply(request: RecordedRequest): string {
  const messages = (request.body as { messages: Array<{ role: string; content: string }> })
    .messages;
  const system = messages.find((message) => message.role === 'system')?.content ?? '';
  if (!system.includes('skill extractor for agent trajectories')) return '{"skills": []}';
  const user = messages.find((message) => message.role === 'user')?.content ?? '';
  const data = JSON.parse(user.slice(user.indexOf('{')));
  const steps = (data.steps as Array<{ tool: string; ok: boolean }>).filter((step) => step.ok);
  return JSON.stringify({
    skills: [
      {
        name: 'deploy-service-to-staging',
        title: 'Deploy a service to staging',
        description: 'Deploys a service to staging: tests, image, rollout, health check.',
        instructions: `# Goal\nDeploy <SERVICE> to staging.\n\n# Constraints & Style\n- If run_tests cannot find a module, install the dependencies first.\n\n# Workflow\n${steps.map((step, index) => `${index + 1}. ${step.tool}`).join('\n')}`,
        triggers: ['deploy to staging', 'staging deploy'],
        tags: ['deploy', 'staging'],
        confidence: 0.8,
      },
    ],
  });
}

describe('autoskill learn --trajectories with a model (fake OpenAI on 127.0.0.1)', () => {
  it('sends a successful run with the trajectory prompt and keeps the skill the model wrote', async () => {
    const key = 'sk-test-trajectories-0123456789';
    const vendor = await startFakeOpenAI({
      apiKey: key,
      reply: trajectoryReply,
      embeddingDimensions: 32,
    });
    try {
      const result = await runInProcess(
        [
          'learn',
          '--trajectories',
          join(FIXTURES, 'deploy-with-fix.json'),
          '--json',
          '--store-dir',
          store,
          '--llm-provider',
          'openai',
          '--llm-base-url',
          vendor.url,
          '--llm-api-key',
          key,
          '--llm-model',
          'gpt-test',
          '--embeddings-provider',
          'hashing',
        ],
        { env: {} },
      );
      expect(result.stderr).not.toContain(key);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).added).toEqual([
        expect.objectContaining({ name: 'deploy-service-to-staging', version: '0.1.0' }),
      ]);
      const sent = JSON.stringify(vendor.requests.map((request) => request.body));
      expect(sent).toContain('skill extractor for agent trajectories');
      expect(sent).toContain('install_dependencies');
      expect(sent).not.toContain('billing.staging.example.com');
      const shown = await runInProcess([
        'export',
        JSON.parse(result.stdout).added[0].id,
        '--store-dir',
        store,
      ]);
      expect(shown.stdout).toContain(
        '# Workflow\n1. install_dependencies\n2. run_tests\n3. build_image',
      );
    } finally {
      await vendor.close();
    }
  });
});
