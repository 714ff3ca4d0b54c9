import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageText } from '@autoskill/core';
import { MockLanguageModel, type MockLanguageModelCall } from '@autoskill/core/testing';
import { EXTRACTION_SYSTEM_PROMPT } from '@autoskill/extraction';
import { JUDGE_SYSTEM_PROMPT, MERGER_SYSTEM_PROMPT } from '@autoskill/maintenance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoSkill } from '../auto-skill';

const BASE_RULES = ['- Do not hallucinate.', '- Cite every number with its source.'];
const skill = (rules: string[]) =>
  JSON.stringify({
    skills: [
      {
        name: 'report-writing',
        title: 'Report writing with verified numbers',
        description:
          'Writes reports that never invent facts and cite every number; use for any report.',
        instructions: `# Goal\nWrite a report on <TOPIC>.\n\n# Constraints & Style\n${rules.join('\n')}`,
        triggers: ['write a report', 'draft a report', 'report about a topic'],
        tags: ['report', 'writing', 'citations'],
        confidence: 0.85,
      },
    ],
  });

/** A scripted vendor model: extraction, the maintenance judge and merger, query rewrite and chat. */
function scriptedModel(): MockLanguageModel {
  return new MockLanguageModel({
    provider: 'scripted',
    responses: ({ options }: MockLanguageModelCall) => {
      const system = options.system ?? '';
      const text = options.messages.map((message) => messageText(message)).join('\n');
      if (system === EXTRACTION_SYSTEM_PROMPT) {
        if (/executive summary/i.test(text))
          return skill([...BASE_RULES, '- Start with an executive summary.']);
        if (/hallucinate/i.test(text)) return skill(BASE_RULES);
        return '{"skills": []}';
      }
      if (system === JUDGE_SYSTEM_PROMPT) {
        const data = JSON.parse(text.slice(text.indexOf('{'))) as {
          similar: Array<{ id: string; owned_by_this_user: boolean }>;
        };
        const target = data.similar.find((entry) => entry.owned_by_this_user);
        return JSON.stringify(
          target
            ? { action: 'merge', target_skill_id: target.id, reason: 'same capability' }
            : { action: 'add', reason: 'new' },
        );
      }
      if (system === MERGER_SYSTEM_PROMPT) {
        return JSON.stringify({
          title: 'Report writing with verified numbers',
          description:
            'Writes reports that never invent facts, cite every number and open with an executive summary.',
          instructions: `# Goal\nWrite a report on <TOPIC>.\n\n# Constraints & Style\n${[...BASE_RULES, '- Start with an executive summary.'].join('\n')}`,
          triggers: ['write a report', 'draft a report'],
          tags: ['report', 'writing'],
        });
      }
      if (/search query/i.test(system)) return 'government report about self-evolving agents';
      return 'Here is the report.';
    },
  });
}

let directory: string;
let autoskill: AutoSkill;
let model: MockLanguageModel;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-llm-scenario-'));
  model = scriptedModel();
  autoskill = new AutoSkill({
    storeDir: join(directory, 'Skills'),
    logger: 'silent',
    llm: model,
    embeddings: { provider: 'hashing' },
    env: {},
  });
});
afterEach(async () => {
  await autoskill.close();
  await rm(directory, { recursive: true, force: true });
});

describe('report-writing scenario with a scripted LLM', () => {
  it('no skill → v0.1.0 → the same skill at v0.1.1 → injected into the next similar task → rollback', async () => {
    const session = autoskill.createSession({
      userId: 'writer',
      settings: { rewriteMode: 'never' },
    });
    const run = async (text: string) => {
      const turn = await session.send(text);
      if (turn.kind !== 'chat') throw new Error('expected chat');
      await turn.text;
      const job = await turn.job;
      return job ? autoskill.learning.waitFor(job.id) : undefined;
    };
    expect((await run('Write a report about self-evolving agents.'))?.result?.added).toEqual([]);
    const created = await run('Do not hallucinate; cite every number with its source.');
    expect(created?.result?.added.map((entry) => entry.version)).toEqual(['0.1.0']);
    const id = created?.result?.added[0]?.id as string;
    const v010 = await autoskill.exportSkillMd(id);

    const merged = await run('Also, always start with an executive summary.');
    expect(merged?.result?.merged.map((entry) => [entry.id, entry.version])).toEqual([
      [id, '0.1.1'],
    ]);
    expect(await autoskill.list({ userId: 'writer' })).toHaveLength(1);
    const evolved = await autoskill.get(id);
    for (const rule of ['hallucinate', 'Cite every number', 'executive summary'])
      expect(evolved?.instructions).toContain(rule);
    expect(model.calls.some((call) => call.system === JUDGE_SYSTEM_PROMPT)).toBe(true);
    expect(model.calls.some((call) => call.system === MERGER_SYSTEM_PROMPT)).toBe(true);

    const next = autoskill.createSession({ userId: 'writer' });
    const turn = await next.send('Write a government report about a self-evolving agent.');
    if (turn.kind !== 'chat') throw new Error('expected chat');
    await turn.text;
    expect(turn.trace.injectedIds).toEqual([id]);
    const chatCall = model.doStreamCalls.at(-1);
    expect(chatCall?.system).toContain('executive summary');

    const lastJob = await turn.job;
    if (lastJob) await autoskill.learning.waitFor(lastJob.id);
    await autoskill.rollback(id, { toVersion: '0.1.0' });
    expect(await autoskill.exportSkillMd(id)).toBe(v010);
  });
});

describe('lab protocol scenario with a scripted LLM', () => {
  it('keeps hard limits and mandatory SOP steps through a merge and injects them into the next protocol', async () => {
    const protocol = (rules: string[]) =>
      JSON.stringify({
        skills: [
          {
            name: 'cell-culture-protocol',
            title: 'Cell culture protocol',
            description:
              'Writes cell culture protocols with the lab’s hard limits and mandatory SOP steps.',
            instructions: `# Goal\nWrite a cell culture protocol for <SAMPLE>.\n\n# Constraints & Style\n${rules.join('\n')}`,
            triggers: ['write a cell culture protocol', 'culture protocol', 'incubation protocol'],
            tags: ['lab', 'cell culture', 'protocol'],
            confidence: 0.9,
          },
        ],
      });
    const limits = [
      '- Never exceed 37 °C in the incubator.',
      '- Always run the calibration step before measuring.',
    ];
    const sop = '- Use SOP step 3 before step 4.';
    const lab = new MockLanguageModel({
      provider: 'scripted',
      responses: ({ options }: MockLanguageModelCall) => {
        const text = options.messages.map((message) => messageText(message)).join('\n');
        if (options.system === EXTRACTION_SYSTEM_PROMPT) {
          if (/step 3 before step 4/i.test(text)) return protocol([...limits, sop]);
          if (/37 °C/.test(text)) return protocol(limits);
          return '{"skills": []}';
        }
        if (options.system === JUDGE_SYSTEM_PROMPT) {
          const data = JSON.parse(text.slice(text.indexOf('{'))) as {
            similar: Array<{ id: string; owned_by_this_user: boolean }>;
          };
          const target = data.similar.find((entry) => entry.owned_by_this_user);
          return JSON.stringify(
            target ? { action: 'merge', target_skill_id: target.id } : { action: 'add' },
          );
        }
        // A careless merger that drops a hard limit: maintenance must put it back.
        if (options.system === MERGER_SYSTEM_PROMPT)
          return JSON.stringify({
            instructions: `# Goal\nWrite a cell culture protocol for <SAMPLE>.\n\n# Constraints & Style\n${limits[1]}\n${sop}`,
          });
        return 'Protocol drafted.';
      },
    });
    const science = new AutoSkill({
      storeDir: join(directory, 'Lab'),
      logger: 'silent',
      llm: lab,
      embeddings: { provider: 'hashing' },
      env: {},
    });
    try {
      expect(
        (
          await science.ingest({
            userId: 'lab',
            messages: [{ role: 'user', content: 'Draft the HeLa culture protocol for tomorrow.' }],
          })
        ).added,
      ).toEqual([]);
      const created = await science.ingest({
        userId: 'lab',
        messages: [
          { role: 'user', content: 'Never exceed 37 °C and always calibrate before measuring.' },
        ],
      });
      const id = created.added[0]?.id as string;
      expect(created.added[0]?.version).toBe('0.1.0');
      const merged = await science.ingest({
        userId: 'lab',
        messages: [{ role: 'user', content: 'Also: use SOP step 3 before step 4.' }],
      });
      expect(merged.merged.map((entry) => [entry.id, entry.version])).toEqual([[id, '0.1.1']]);
      const skill = await science.get(id);
      for (const rule of ['37 °C', 'calibration step', 'step 3 before step 4'])
        expect(skill?.instructions).toContain(rule);
      const next = await science.prepareTurn({
        userId: 'lab',
        messages: [
          { role: 'user', content: 'Write a cell culture protocol for the new HeLa batch.' },
        ],
        rewriteMode: 'never',
      });
      expect(next.trace.injectedIds).toEqual([id]);
      expect(next.context).toContain('37 °C');
    } finally {
      await science.close();
    }
  });
});
