import { ProviderCallError } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';
import { describe, expect, it } from 'vitest';
import { createSkillExtractor } from '../create-skill-extractor';
import { EXTRACTION_SYSTEM_PROMPT } from './extraction-prompt';

const messages = [
  {
    role: 'user',
    content: 'Write a report about self-evolving agents. Mail it to ann@example.com',
  },
  { role: 'assistant', content: 'Done.' },
  { role: 'user', content: 'do not hallucinate; cite every number' },
];

const skill = {
  name: 'Report Writing With Citations',
  title: 'Report writing with citations',
  description: 'Writes reports that cite every number. Use when asked for a report.',
  instructions:
    '# Goal\nWrite a report on <TOPIC>.\n\n# Constraints & Style\n- Do not hallucinate.\n- Cite every number.',
  triggers: [
    'write a report',
    ' Write a report ',
    'report with citations',
    'draft a report',
    'research report',
    'sourced report',
    'another',
  ],
  tags: ['report', 'citations', 'report', 'a', 'b', 'c', 'd', 'e'],
  confidence: 0.8,
};

describe('LLM extraction', () => {
  it('sends the gating prompt and a redacted payload, and validates the reply', async () => {
    const model = new MockLanguageModel({ responses: JSON.stringify({ skills: [skill] }) });
    const result = await createSkillExtractor({ model }).extract({ messages });
    expect(result.mode).toBe('llm');
    expect(result.candidate).toMatchObject({
      name: 'report-writing-with-citations',
      title: 'Report writing with citations',
      confidence: 0.8,
      triggers: [
        'write a report',
        'report with citations',
        'draft a report',
        'research report',
        'sourced report',
      ],
      tags: ['report', 'citations', 'a', 'b', 'c', 'd'],
    });
    expect(model.calls).toHaveLength(1);
    const call = model.calls[0]!;
    expect(call.system).toBe(EXTRACTION_SYSTEM_PROMPT);
    expect(call.temperature).toBe(0);
    const sent = String(call.messages[0]!.content);
    expect(sent).toContain('do not hallucinate; cite every number');
    expect(sent).toContain('<EMAIL>');
    expect(sent).not.toContain('ann@example.com');
  });

  it('sends raw text when redaction is off', async () => {
    const model = new MockLanguageModel({ responses: '{"skills": []}' });
    await createSkillExtractor({ model, redact: false }).extract({ messages });
    expect(String(model.calls[0]!.messages[0]!.content)).toContain('ann@example.com');
  });

  it('returns nothing for an empty skill list', async () => {
    const model = new MockLanguageModel({ responses: '{"skills": []}' });
    const result = await createSkillExtractor({ model }).extract({ messages: [messages[0]!] });
    expect(result).toEqual({
      reason: 'the model found no durable preference, correction or procedure',
      mode: 'llm',
    });
  });

  it('reads chatty output with code fences', async () => {
    const model = new MockLanguageModel({
      responses: `Sure! Here is the skill:\n\`\`\`json\n${JSON.stringify({ skills: [skill] }, null, 2)}\n\`\`\`\nLet me know if you need more.`,
    });
    const result = await createSkillExtractor({ model }).extract({ messages });
    expect(result.candidate!.name).toBe('report-writing-with-citations');
  });

  it('repairs an unusable reply with a second call', async () => {
    const model = new MockLanguageModel({
      responses: [
        'Here you go: skills = report writing (cite numbers)',
        JSON.stringify({ skills: [skill] }),
      ],
    });
    const result = await createSkillExtractor({ model }).extract({ messages });
    expect(model.calls).toHaveLength(2);
    expect(result.candidate!.instructions).toContain('- Cite every number.');
  });

  it('accepts the original "prompt" field for instructions', async () => {
    const model = new MockLanguageModel({
      responses: JSON.stringify({ skills: [{ name: 'x-rules', prompt: 'Always do x.' }] }),
    });
    const { candidate } = await createSkillExtractor({ model }).extract({ messages });
    expect(candidate).toMatchObject({
      name: 'x-rules',
      instructions: '# Goal\nAlways do x.',
      description: 'x-rules',
      confidence: 0.6,
    });
  });

  it('returns at most one candidate when the model proposes two', async () => {
    const second = { ...skill, name: 'other-skill', title: 'Other' };
    const model = new MockLanguageModel({ responses: JSON.stringify({ skills: [skill, second] }) });
    const result = await createSkillExtractor({ model }).extract({ messages });
    expect(result.candidate!.name).toBe('report-writing-with-citations');
    expect(result.reason).toContain('1 more ignored');
  });

  it('returns nothing (no throw) when the output stays invalid after the repair', async () => {
    const model = new MockLanguageModel({
      responses: ['not json at all', '{"skills": [{"title": ""}]}'],
    });
    const result = await createSkillExtractor({ model }).extract({ messages });
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(/^invalid model output after 1 repair/);
    expect(model.calls).toHaveLength(2);
  });

  it('reports model errors instead of throwing, unless throwOnError', async () => {
    const failure = new ProviderCallError({
      provider: 'mock',
      message: 'upstream exploded',
      isRetryable: false,
    });
    const model = new MockLanguageModel({ responses: { error: failure } });
    const result = await createSkillExtractor({ model }).extract({ messages });
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(/^model error: .*upstream exploded/);
    await expect(
      createSkillExtractor({ model, throwOnError: true }).extract({ messages }),
    ).rejects.toBe(failure);
  });

  it('rejects empty and too long instructions', async () => {
    const long = new MockLanguageModel({
      responses: JSON.stringify({ skills: [{ ...skill, instructions: 'x'.repeat(20_001) }] }),
    });
    expect((await createSkillExtractor({ model: long }).extract({ messages })).reason).toMatch(
      /instructions are 2\d{4} chars, more than 20000/,
    );
    const hollow = new MockLanguageModel({
      responses: JSON.stringify({
        skills: [{ ...skill, instructions: '# Goal\n\n# Constraints & Style' }],
      }),
    });
    expect((await createSkillExtractor({ model: hollow }).extract({ messages })).reason).toMatch(
      /empty instructions/,
    );
  });

  it('keeps the reference identity when the model reuses it', async () => {
    const reference = {
      id: '5d1a3c1e-7f0b-4c44-9a3e-2b7b0c8d9e10',
      name: 'report-writing',
      title: 'Report writing',
      description: 'Report writing.',
      instructions: '# Goal\nWrite reports.\n\n# Constraints & Style\n- Cite every number.',
      tags: ['report'],
      triggers: ['write a report'],
    };
    const model = new MockLanguageModel({
      responses: JSON.stringify({
        skills: [{ ...skill, name: 'Report writing', title: 'Report Writing' }],
      }),
    });
    const { candidate } = await createSkillExtractor({ model }).extract({ messages, reference });
    expect(candidate).toMatchObject({ name: 'report-writing', title: 'Report writing' });
    const payload = String(model.calls[0]!.messages[0]!.content);
    expect(payload).toContain('"retrieved_reference"');
    expect(payload).toContain('"name": "report-writing"');
  });

  it('stops when aborted', async () => {
    const model = new MockLanguageModel({ responses: '{"skills": []}' });
    const controller = new AbortController();
    controller.abort();
    await expect(
      createSkillExtractor({ model }).extract({ messages, abortSignal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('salvages truncated JSON only when the instructions still say something', async () => {
    const truncated = new MockLanguageModel({
      responses: '{"skills": [{"name": "report-writing", "instructions": "# Goal',
    });
    const result = await createSkillExtractor({ model: truncated }).extract({ messages });
    expect(result.candidate).toBeUndefined();
  });
});
