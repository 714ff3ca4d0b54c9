import type { SkillCandidate, SkillHit, SkillStore } from '@autoskill/core';

function words(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/\p{Script=Han}|[a-z0-9]{3,}/gu) ?? []).map((word) =>
      word.replace(/s$/, ''),
    ),
  );
}

/** A stand-in for the SDK's hybrid retriever: cosine of word sets over name, title, description, triggers, tags. */
export function tokenOverlapFinder(store: SkillStore) {
  return async (query: string, options: { userId: string; topK: number }): Promise<SkillHit[]> => {
    const queryWords = words(query);
    const skills = await store.list({ scope: 'all', owner: options.userId });
    return skills
      .map((skill) => {
        const skillWords = words(
          [
            skill.name.replace(/-/g, ' '),
            skill.title,
            skill.description,
            ...skill.triggers,
            ...skill.tags,
          ].join(' '),
        );
        let shared = 0;
        for (const word of skillWords) if (queryWords.has(word)) shared++;
        const score =
          skillWords.size && queryWords.size
            ? shared / Math.sqrt(skillWords.size * queryWords.size)
            : 0;
        return { skill, score };
      })
      .filter((hit) => hit.score > 0)
      .sort((left, right) => right.score - left.score)
      .slice(0, options.topK);
  };
}

/** A candidate in the shape the extractors produce. */
export function reportCandidate(
  rules: string[],
  overrides: Partial<SkillCandidate> = {},
): SkillCandidate {
  return {
    name: 'report-writing',
    title: 'Report writing',
    description: `Report writing following the user's standing rules: ${rules.join('; ')}. Use it when asked to write a report.`,
    instructions: `# Goal\nWrite a report about <TOPIC>, following the rules below every time.\n\n# Constraints & Style\n${rules.map((rule) => `- ${rule}`).join('\n')}`,
    triggers: ['write a report', 'report writing'],
    tags: ['report', 'citations'],
    examples: [],
    confidence: 0.6,
    ...overrides,
  };
}
