import { type ChatMessage, type ExperienceEvent, messageText } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';
import { describe, expect, it } from 'vitest';
import deployWithFix from '../../../../fixtures/trajectories/deploy-with-fix.json';
import failedMigration from '../../../../fixtures/trajectories/failed-migration.json';
import trivialWeather from '../../../../fixtures/trajectories/trivial-weather.json';
import { createSkillExtractor } from '../create-skill-extractor';
import { EXTRACTION_SYSTEM_PROMPT } from '../model/extraction-prompt';
import { TRAJECTORY_EXTRACTION_SYSTEM_PROMPT } from '../model/trajectory-prompt';

const FIXTURES: Record<string, { messages: unknown[] }> = {
  'deploy-with-fix.json': deployWithFix,
  'failed-migration.json': failedMigration,
  'trivial-weather.json': trivialWeather,
};

/** A fixture run of fixtures/trajectories (OpenAI messages with tool calls). */
function fixture(name: string): { messages: ChatMessage[] } {
  return { messages: structuredClone(FIXTURES[name]!.messages) as ChatMessage[] };
}

/** A run recorded as events, as the SDK hands it over: task and answer as messages, the outcome as an event. */
function eventRun(record: {
  task: string;
  events: ExperienceEvent[];
  success: boolean;
  final_answer: string;
}): { messages: ChatMessage[]; events: ExperienceEvent[] } {
  return {
    messages: [
      { role: 'user', content: record.task },
      { role: 'assistant', content: record.final_answer },
    ],
    events: [...record.events, { type: 'outcome', success: record.success }],
  };
}

const tool = (name: string, args: Record<string, unknown>, extra: ExperienceEvent = {}) => ({
  type: 'tool_call',
  tool: name,
  arguments: args,
  status: 'ok',
  ...extra,
});

const salesReport = eventRun({
  task: 'Compile the weekly sales report from the CRM export as a PDF',
  success: true,
  events: [
    tool('fetch_export', { source: 'crm', range: 'last_7_days' }),
    tool('clean_rows', { drop_duplicates: true }),
    tool('render_chart', { group_by: 'region' }, { status: 'error', error: "KeyError: 'region'" }),
    tool('render_chart', { group_by: 'territory' }),
    tool('write_report', { format: 'pdf' }),
  ],
  final_answer: 'The weekly sales report is ready.',
});

const rules = createSkillExtractor();

describe('trajectories, offline rules', () => {
  it('a successful multi-step run becomes a procedure with its order, parameters and the fix of its failure', async () => {
    const result = await rules.extract(fixture('deploy-with-fix.json'));
    expect(result.mode).toBe('rules');
    expect(result.reason).toBe('the run succeeded: 5 tool steps, 1 recovered failure');
    const candidate = result.candidate!;
    expect(candidate.title).toBe('Standard release process');
    expect(candidate.instructions).toContain(
      '# Goal\nDeploy the billing service to staging, using the tool procedure that worked.',
    );
    // The user's own rule, then the pitfall the run ran into.
    expect(candidate.instructions).toContain(
      '- Always run the test suite before building the image, and never skip the health check.',
    );
    expect(candidate.instructions).toMatch(
      /- If `run_tests` fails with "Error: Cannot find module 'pg'[^"]*", run `install_dependencies` first, then retry\./,
    );
    // The steps that worked, in the order that worked (the fix before the retried tests).
    const workflow = candidate.instructions.split('# Workflow\n')[1]!.split('\n');
    expect(workflow).toEqual([
      '1. `install_dependencies` (path="services/billing", frozen_lockfile=true)',
      '2. `run_tests` (path="services/billing")',
      '3. `build_image` (service="billing", tag="staging", platform="linux/amd64")',
      '4. `deploy` (service="billing", environment="staging", image_tag="staging", wait=true)',
      '5. `check_health` (url=<URL>, timeout_s=30)',
    ]);
    expect(candidate.instructions).not.toContain('example.com');
    expect(candidate.tags).toEqual(expect.arrayContaining(['deploy', 'run-tests']));
    expect(candidate.triggers).toContain('deploy the billing service to staging');
  });

  it('a failed run teaches nothing', async () => {
    const result = await rules.extract(fixture('failed-migration.json'));
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(
      /^the run failed \(the last step, run_migration, failed: permission denied for schema public\): a procedure that did not work is not learned$/,
    );
  });

  it("a failed run teaches the pitfall the user stated about it, not the run's request", async () => {
    const { messages } = fixture('failed-migration.json');
    const result = await rules.extract({
      messages: [
        ...messages,
        {
          role: 'user',
          content: 'Never use force on a migration; check for leftover tables first.',
        },
      ],
    });
    expect(result.reason).toMatch(
      /^the run failed .*: a procedure that did not work is not learned; user stated/,
    );
    expect(result.candidate!.instructions).toContain('- Never use force on a migration.');
    expect(result.candidate!.instructions).not.toContain('orders table');
    expect(result.candidate!.instructions).not.toContain('# Workflow');
  });

  it('an outcome event saying the run failed wins over clean-looking steps', async () => {
    const { messages } = fixture('deploy-with-fix.json');
    const result = await rules.extract({
      messages,
      events: [{ type: 'run_end', status: 'failed' }],
    });
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(/^the run failed \(its outcome says so\)/);
  });

  it('a one-off tool call teaches nothing', async () => {
    const result = await rules.extract(fixture('trivial-weather.json'));
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(
      /^a single tool call \(get_weather\) is a one-off, not a procedure/,
    );
  });

  it('around a one-off call the conversation still counts: a standing preference is learned', async () => {
    const { messages } = fixture('trivial-weather.json');
    const result = await rules.extract({
      messages: [...messages, { role: 'user', content: 'Always give temperatures in Fahrenheit.' }],
    });
    expect(result.candidate?.instructions).toContain('Always give temperatures in Fahrenheit.');
    expect(result.reason).toMatch(/one-off, not a procedure; user stated/);
  });

  it('event records: a retry with another parameter is the parameter that mattered', async () => {
    const result = await rules.extract(salesReport);
    const candidate = result.candidate!;
    expect(result.reason).toBe('the run succeeded: 4 tool steps, 1 recovered failure');
    expect(candidate.title).toBe('Sales report compiling');
    expect(candidate.instructions).toContain(
      `- If \`render_chart\` fails with "KeyError: 'region'", retry with group_by="territory" (not "region").`,
    );
    expect(candidate.instructions).toContain('3. `render_chart` (group_by="territory")');
    expect(candidate.instructions).not.toContain('group_by="region")');
  });

  it('event records: one calculator call teaches nothing', async () => {
    const result = await rules.extract(
      eventRun({
        task: 'Convert 5 km to miles',
        success: true,
        events: [tool('calculator', { expression: '5 * 0.621371' }, { output: '3.106855' })],
        final_answer: '5 km is about 3.11 miles.',
      }),
    );
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(/a single tool call \(calculator\)/);
  });

  it('two calls, or a run of look-ups, answer one question: no procedure (a tool-using chat turn stays quiet)', async () => {
    const lookups = await rules.extract(
      eventRun({
        task: 'What changed in the latest Node release?',
        success: true,
        events: [
          tool('search_web', { query: 'node release notes' }),
          tool('fetch_page', { url: 'https://nodejs.org/en/blog' }),
          tool('read_file', { path: 'CHANGELOG.md' }),
        ],
        final_answer: 'Node 24 adds …',
      }),
    );
    expect(lookups.candidate).toBeUndefined();
    expect(lookups.reason).toMatch(
      /^3 look-up or one-off tool calls \(search_web, fetch_page, read_file\) are not a procedure/,
    );
    const two = await rules.extract(
      eventRun({
        task: 'Rename the branch',
        success: true,
        events: [tool('git_branch', { rename: 'main' }), tool('git_push', { force: false })],
        final_answer: 'Done.',
      }),
    );
    expect(two.candidate).toBeUndefined();
  });

  it('reads Anthropic-style tool_use / tool_result parts too', async () => {
    const call = (id: string, name: string, input: unknown) => ({
      role: 'assistant',
      content: [{ type: 'tool_use', id, name, input }],
    });
    const reply = (id: string, content: string, isError = false) => ({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }],
    });
    const result = await rules.extract({
      messages: [
        { role: 'user', content: 'Publish the changelog for the new version.' },
        call('t1', 'generate_changelog', { since: 'last_tag' }),
        reply('t1', '12 entries'),
        call('t2', 'publish', { channel: 'docs', dry_run: true }),
        reply('t2', 'rejected: dry run only', true),
        call('t3', 'publish', { channel: 'docs', dry_run: false }),
        reply('t3', 'published'),
        { role: 'assistant', content: 'The changelog is published.' },
      ],
    });
    expect(result.candidate?.instructions).toContain(
      '1. `generate_changelog` (since="last_tag")\n2. `publish` (channel="docs", dry_run=false)',
    );
    expect(result.candidate?.instructions).toContain('retry with dry_run=false (not true)');
  });
});

/** A mock LLM that answers the trajectory prompt as a model plausibly would: the successful steps as the workflow. */
function plausibleModel(): MockLanguageModel {
  return new MockLanguageModel({
    responses: ({ options }) => {
      if (options.system !== TRAJECTORY_EXTRACTION_SYSTEM_PROMPT) return '{"skills": []}';
      const data = JSON.parse(messageText(options.messages[0]!).replace(/^DATA:\n/, ''));
      const steps = (data.steps as Array<{ tool: string; ok: boolean }>).filter((step) => step.ok);
      const pitfalls = (data.recovered_failures as Array<{ tool: string; error: string }>).map(
        (lesson) => `- If ${lesson.tool} fails with "${lesson.error}", fix the cause and retry.`,
      );
      return JSON.stringify({
        skills: [
          {
            name: 'deploy-service-to-staging',
            title: 'Deploy a service to staging',
            description: 'Deploys a service to staging with tests and a health check.',
            instructions: [
              '# Goal\nDeploy <SERVICE> to staging.',
              `# Constraints & Style\n${pitfalls.join('\n')}`,
              `# Workflow\n${steps.map((step, index) => `${index + 1}. ${step.tool}`).join('\n')}`,
            ].join('\n\n'),
            triggers: ['deploy to staging', 'staging deploy'],
            tags: ['deploy', 'staging'],
            confidence: 0.75,
          },
        ],
      });
    },
  });
}

describe('trajectories, LLM prompt path', () => {
  it('a successful run is sent with the trajectory prompt: steps, status and recovered failures, redacted', async () => {
    const model = plausibleModel();
    const result = await createSkillExtractor({ model }).extract(fixture('deploy-with-fix.json'));
    expect(result.mode).toBe('llm');
    expect(model.calls).toHaveLength(1);
    const sent = JSON.parse(messageText(model.calls[0]!.messages[0]!).replace(/^DATA:\n/, ''));
    expect(sent.run_outcome).toBe('succeeded');
    expect(sent.steps.map((step: { tool: string; ok: boolean }) => [step.tool, step.ok])).toEqual([
      ['run_tests', false],
      ['install_dependencies', true],
      ['run_tests', true],
      ['build_image', true],
      ['deploy', true],
      ['check_health', true],
    ]);
    expect(sent.recovered_failures[0]).toMatchObject({
      tool: 'run_tests',
      fix: { ran_first: ['install_dependencies'], changed_arguments: [] },
    });
    expect(JSON.stringify(sent)).not.toContain('billing.staging.example.com');
    expect(result.candidate).toMatchObject({
      name: 'deploy-service-to-staging',
      title: 'Deploy a service to staging',
      confidence: 0.75,
    });
    expect(result.candidate!.instructions).toContain(
      '# Workflow\n1. install_dependencies\n2. run_tests\n3. build_image\n4. deploy\n5. check_health',
    );
  });

  it('a failed run never reaches the model', async () => {
    const model = plausibleModel();
    const result = await createSkillExtractor({ model }).extract(fixture('failed-migration.json'));
    expect(result).toMatchObject({ mode: 'llm' });
    expect(result.candidate).toBeUndefined();
    expect(model.calls).toHaveLength(0);
  });

  it('a one-off call is judged as a conversation, without the tool calls', async () => {
    const model = plausibleModel();
    const result = await createSkillExtractor({ model }).extract(fixture('trivial-weather.json'));
    expect(result.candidate).toBeUndefined();
    expect(model.calls).toHaveLength(1);
    expect(model.calls[0]!.system).toBe(EXTRACTION_SYSTEM_PROMPT);
    const sent = messageText(model.calls[0]!.messages[0]!);
    expect(sent).toContain("What's the weather in Lisbon tomorrow?");
    expect(sent).not.toContain('get_weather');
  });
});
