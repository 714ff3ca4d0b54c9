import { createInMemorySkillStore, type SkillCandidate } from '@autoskill/core';
import { MockLanguageModel, type MockLanguageModelCall } from '@autoskill/core/testing';
import { describe, expect, it } from 'vitest';
import { createSkillMaintainer } from './create-skill-maintainer';
import { JUDGE_SYSTEM_PROMPT } from './model/judge-decision';
import { MERGER_SYSTEM_PROMPT } from './model/merge-with-model';
import { reportCandidate, tokenOverlapFinder } from './test-helpers/token-overlap-finder';

type Script = {
  judge?: (call: MockLanguageModelCall) => string;
  merge?: (call: MockLanguageModelCall) => string;
};

/** A model that answers as the skill set manager or the skill merger, depending on the system prompt. */
function scriptedModel(script: Script) {
  return new MockLanguageModel({
    responses: (call) => {
      if (call.options.system === JUDGE_SYSTEM_PROMPT) return script.judge?.(call) ?? 'no idea';
      if (call.options.system === MERGER_SYSTEM_PROMPT) return script.merge?.(call) ?? 'no idea';
      throw new Error(`unexpected system prompt: ${call.options.system}`);
    },
  });
}

async function setupWithSkill(model: MockLanguageModel) {
  const store = createInMemorySkillStore();
  const seed = createSkillMaintainer({ store, findSimilar: tokenOverlapFinder(store) });
  const existing = (
    await seed.apply(reportCandidate(['Do not hallucinate.', 'Cite every number.']), {
      userId: 'alice',
    })
  ).skill!;
  const maintainer = createSkillMaintainer({
    store,
    findSimilar: tokenOverlapFinder(store),
    model,
  });
  return { store, existing, maintainer };
}

const renamed = (rules: string[], overrides: Partial<SkillCandidate> = {}) =>
  reportCandidate(rules, {
    name: 'sourced-report-writing',
    title: 'Sourced report writing',
    ...overrides,
  });

describe('createSkillMaintainer with a model', () => {
  it('merges into the target the judge names, with the merger output guarded', async () => {
    let existingId = '';
    const model = scriptedModel({
      judge: () =>
        JSON.stringify({
          action: 'update',
          target_skill_id: existingId,
          reason: 'same report capability',
        }),
      // The merger forgets "Do not hallucinate." — the guard must re-append it.
      merge: () =>
        JSON.stringify({
          title: 'Something else',
          description:
            'Writes reports in British English with every number cited. Use it when asked for a report.',
          instructions:
            '# Goal\nWrite a report about <TOPIC>.\n\n# Constraints & Style\n- Cite a source for every number.\n- Use British spelling.',
          triggers: ['write a report', 'british report'],
          tags: ['report'],
        }),
    });
    const { existing, maintainer } = await setupWithSkill(model);
    existingId = existing.id;
    const result = await maintainer.apply(renamed(['Use British spelling.']), { userId: 'alice' });
    expect(result.action).toBe('merge');
    expect(result.reason).toContain('skill set manager: same report capability');
    expect(result.skill).toMatchObject({
      id: existing.id,
      version: '0.1.1',
      title: 'Report writing',
      name: 'report-writing',
    });
    expect(result.skill!.description).toBe(
      'Writes reports in British English with every number cited. Use it when asked for a report.',
    );
    expect(result.skill!.instructions).toBe(
      '# Goal\nWrite a report about <TOPIC>.\n\n# Constraints & Style\n- Cite a source for every number.\n- Use British spelling.\n- Do not hallucinate.',
    );
    expect(result.skill!.triggers).toEqual(['write a report', 'british report']);
  });

  it('adds when the judge says add and no user skill clears the gate', async () => {
    const model = scriptedModel({
      judge: () =>
        '{"action": "create", "target_skill_id": null, "reason": "different deliverable"}',
    });
    const { store, maintainer } = await setupWithSkill(model);
    const result = await maintainer.apply(
      {
        ...renamed(['Keep it under 100 words.']),
        name: 'tweet-drafting',
        title: 'Tweet drafting',
        description: 'Drafts tweets.',
        triggers: ['draft a tweet'],
        tags: ['social'],
        instructions: '# Goal\nDraft a tweet.\n\n# Constraints & Style\n- Keep it under 100 words.',
      },
      { userId: 'alice' },
    );
    expect(result).toMatchObject({
      action: 'add',
      reason: 'skill set manager: different deliverable',
    });
    expect(await store.list({ scope: 'user', owner: 'alice' })).toHaveLength(2);
  });

  it('forces a merge when the judge says add but a user skill is clearly the same capability', async () => {
    const model = scriptedModel({
      judge: () => '{"action": "add", "reason": "looks new"}',
      merge: () => 'garbage',
    });
    const { existing, maintainer } = await setupWithSkill(model);
    const result = await maintainer.apply(
      renamed(['Use British spelling.'], {
        name: 'report-writing-british',
        title: 'Report writing british',
      }),
      { userId: 'alice' },
    );
    expect(result.action).toBe('merge');
    expect(result.reason).toMatch(/^guardrail/);
    expect(result.skill!.id).toBe(existing.id);
    // The merger replied garbage twice: the heuristic merge was used.
    expect(result.skill!.instructions).toContain(
      '- Do not hallucinate.\n- Cite every number.\n- Use British spelling.',
    );
  });

  it('discards when the judge says discard', async () => {
    const model = scriptedModel({
      judge: () => '{"action": "reject", "reason": "generic one-off"}',
    });
    const { store, existing, maintainer } = await setupWithSkill(model);
    const result = await maintainer.apply(renamed(['Be nice.']), { userId: 'alice' });
    expect(result).toEqual({ action: 'discard', reason: 'skill set manager: generic one-off' });
    expect((await store.get(existing.id))!.revision).toBe(1);
  });

  it('falls back to the heuristic decision when the judge output is invalid twice', async () => {
    const model = scriptedModel({ judge: () => '{"action": "maybe"}', merge: () => 'nope' });
    const { existing, maintainer } = await setupWithSkill(model);
    const result = await maintainer.apply(
      renamed(['Use British spelling.'], {
        name: 'report-writing-rules',
        title: 'Report writing rules',
      }),
      { userId: 'alice' },
    );
    expect(result.action).toBe('merge');
    expect(result.skill!.id).toBe(existing.id);
    const judgeCalls = model.calls.filter((call) => call.system === JUDGE_SYSTEM_PROMPT);
    expect(judgeCalls).toHaveLength(2);
  });

  it('turns a merge into a library skill into the user own variant', async () => {
    const store = createInMemorySkillStore();
    const library = await store.put({
      id: '0b6f5f0e-8b53-4b0e-9d7a-3a2f1f0c9e11',
      name: 'sourced-report-writing',
      title: 'Sourced report writing',
      description: 'Library skill.',
      instructions: '# Goal\nWrite reports.',
      version: '1.0.0',
      tags: [],
      triggers: [],
      examples: [],
      metadata: {},
      extra: {},
      scope: 'common',
      owner: 'Common',
    });
    const model = scriptedModel({
      judge: () => JSON.stringify({ action: 'merge', target_skill_id: library.id, reason: 'same' }),
    });
    const maintainer = createSkillMaintainer({
      store,
      findSimilar: tokenOverlapFinder(store),
      model,
    });
    const result = await maintainer.apply(renamed(['Cite every number.']), { userId: 'alice' });
    expect(result.action).toBe('add');
    expect(result.skill).toMatchObject({ scope: 'user', owner: 'alice' });
    expect(await store.get(library.id)).toEqual(library);
  });

  it('skips the model for the exact-name fast path decision and for no-op merges', async () => {
    const model = scriptedModel({});
    const { maintainer } = await setupWithSkill(model);
    const result = await maintainer.apply(reportCandidate(['Cite every number.']), {
      userId: 'alice',
    });
    expect(result.action).toBe('discard');
    expect(model.calls).toHaveLength(0);
  });
});
