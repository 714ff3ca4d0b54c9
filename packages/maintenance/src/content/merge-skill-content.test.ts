import { describe, expect, it } from 'vitest';
import { reportCandidate } from '../test-helpers/token-overlap-finder';
import { instructionsForNewSkill, mergeSkillContent } from './merge-skill-content';

const existing = {
  name: 'report-writing',
  title: 'Report writing',
  description: 'Report writing with cited numbers.',
  instructions:
    '# Goal\nWrite a report.\n\n# Constraints & Style\n- Do not hallucinate.\n- Cite every number.\n\n# Examples of tone\nFormal, short sentences.',
  triggers: ['write a report'],
  tags: ['report'],
  examples: [],
};

describe('mergeSkillContent', () => {
  it('keeps unknown sections, does not duplicate near-identical rules and appends new ones', () => {
    const merged = mergeSkillContent(
      existing,
      reportCandidate(['Always cite every number.', 'Use British spelling.']),
    );
    expect(merged.instructions).toBe(
      '# Goal\nWrite a report.\n\n# Constraints & Style\n- Do not hallucinate.\n- Cite every number.\n- Use British spelling.\n\n# Examples of tone\nFormal, short sentences.',
    );
    expect(merged.added).toEqual(['Use British spelling.']);
  });

  it('adds a constraints section after the goal when the skill has none', () => {
    const merged = mergeSkillContent(
      { ...existing, instructions: 'Write reports for the board.' },
      reportCandidate(['Cite every number.']),
    );
    expect(merged.instructions).toBe(
      'Write reports for the board.\n\n# Constraints & Style\n- Cite every number.',
    );
  });

  it('replaces the description only with a longer one about the same thing', () => {
    const longer = 'Report writing with cited numbers and British spelling, for formal audiences.';
    expect(
      mergeSkillContent(existing, reportCandidate([], { description: longer })).description,
    ).toBe(longer);
    expect(
      mergeSkillContent(
        existing,
        reportCandidate([], {
          description: 'Drafts tweets about football and celebrity gossip daily.',
        }),
      ).description,
    ).toBe(existing.description);
  });

  it('removes revocation lines from a new skill', () => {
    expect(
      instructionsForNewSkill(
        '# Goal\nX.\n\n# Constraints & Style\n- You no longer need to cite every number.',
      ),
    ).toBe('# Goal\nX.');
  });
});
