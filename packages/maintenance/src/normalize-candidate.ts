import {
  InvalidArgumentError,
  isValidSkillName,
  type SkillCandidate,
  slugifySkillName,
} from '@autoskill/core';

/**
 * Checks a candidate's shape and returns a cleaned copy: trimmed texts, a valid skill name (a
 * free-form name is slugified and becomes the title when none was given), string-only lists
 * and a finite confidence (default 0.5).
 *
 * @throws InvalidArgumentError when the candidate is not an object, has no name or
 *   instructions, or a list field is not an array.
 */
export function normalizeCandidate(candidate: SkillCandidate): SkillCandidate {
  if (typeof candidate !== 'object' || candidate === null) {
    throw new InvalidArgumentError(
      'candidate',
      'expected a SkillCandidate { name, description, instructions, triggers, tags, examples, confidence }',
    );
  }
  if (typeof candidate.name !== 'string' || !candidate.name.trim()) {
    throw new InvalidArgumentError('candidate.name', 'must be a non-empty string');
  }
  if (typeof candidate.instructions !== 'string' || !candidate.instructions.trim()) {
    throw new InvalidArgumentError('candidate.instructions', 'must be a non-empty string');
  }
  for (const key of ['triggers', 'tags', 'examples'] as const) {
    if (candidate[key] !== undefined && !Array.isArray(candidate[key])) {
      throw new InvalidArgumentError(`candidate.${key}`, 'must be an array');
    }
  }
  const rawName: string = candidate.name.trim();
  const validName = isValidSkillName(rawName);
  return {
    ...candidate,
    name: validName ? rawName : slugifySkillName(rawName),
    // A human-readable name ("Report writing") becomes the title when none was given.
    ...(candidate.title === undefined && !validName ? { title: rawName } : {}),
    description: typeof candidate.description === 'string' ? candidate.description.trim() : '',
    instructions: candidate.instructions.trim(),
    triggers: (candidate.triggers ?? []).filter((value) => typeof value === 'string'),
    tags: (candidate.tags ?? []).filter((value) => typeof value === 'string'),
    examples: (candidate.examples ?? []).filter((example) => typeof example?.input === 'string'),
    confidence: Number.isFinite(candidate.confidence) ? candidate.confidence : 0.5,
  };
}
