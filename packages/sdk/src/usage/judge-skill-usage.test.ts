import type { Skill } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';
import { describe, expect, it } from 'vitest';
import { heuristicUsage, judgeSkillUsage } from './judge-skill-usage';

function skill(id: string, title: string, instructions: string): Skill {
  return {
    id,
    name: id,
    title,
    description: `${title}.`,
    instructions,
    version: '0.1.0',
    tags: [],
    triggers: [],
    examples: [],
    metadata: {},
    extra: {},
    scope: 'user',
    owner: 'u1',
    files: [],
    revision: 1,
  };
}

const tea = skill('tea', 'Green tea brewing', 'Use water at 75 degrees; steep for two minutes.');
const release = skill('release', 'Release process', 'Run regression, then canary, then monitor.');
const query = 'How do I brew green tea?';
const answer = 'Heat the water to 75 degrees and steep it for two minutes.';

describe('usage judgment', () => {
  it('offline: a skill is used when the answer shares its own words, not just the question’s', () => {
    expect([...heuristicUsage({ query, answer, injected: [tea, release] })]).toEqual(['tea']);
    const echo = heuristicUsage({
      query,
      answer: 'You asked how to brew green tea.',
      injected: [tea],
    });
    expect(echo.size).toBe(0);
  });

  it('with a model: its verdicts win, omitted ids fall back to the heuristic', async () => {
    const model = new MockLanguageModel({
      responses: JSON.stringify({ skills: [{ id: 'tea', used: false, reason: 'generic' }] }),
    });
    const used = await judgeSkillUsage({ query, answer, injected: [tea, release] }, model);
    expect([...used]).toEqual([]);
    expect(JSON.stringify(model.calls[0])).toContain('assistant_reply');
    const silent = new MockLanguageModel({ responses: '{"skills": []}' });
    expect([...(await judgeSkillUsage({ query, answer, injected: [tea] }, silent))]).toEqual([
      'tea',
    ]);
  });

  it('judges nothing for an empty answer or no injected skills (no model call)', async () => {
    const model = new MockLanguageModel({ responses: '{"skills": []}' });
    expect((await judgeSkillUsage({ query, answer: ' ', injected: [tea] }, model)).size).toBe(0);
    expect((await judgeSkillUsage({ query, answer, injected: [] }, model)).size).toBe(0);
    expect(model.calls).toHaveLength(0);
  });
});
