import { MAX_DESCRIPTION_LENGTH, type SkillCandidate } from '@autoskill/core';
import type { SkillReference } from '../extraction-types';
import { skillNameFromTitle } from '../skill-name';
import type { ModelSkill } from './extraction-schema';

export const MAX_INSTRUCTIONS_LENGTH = 20_000;
const MAX_TITLE_LENGTH = 120;
const MAX_TRIGGERS = 5;
const MAX_TAGS = 6;

/**
 * Turns the model's skill into a candidate, or explains why it cannot be used: empty or too long
 * fields are rejected, the name is slugified, lists are trimmed, deduplicated and capped. When the
 * model reused the reference's identity, the reference's exact name and title are kept.
 */
export function validateModelSkill(
  skill: ModelSkill,
  reference?: SkillReference,
): { candidate: SkillCandidate } | { problem: string } {
  const rawName = skill.name || skill.title || '';
  const instructions = normalizeInstructions(skill.instructions || skill.prompt || '');
  // Headings alone (a truncated reply) teach nothing.
  if (instructions.replace(/^#{1,6}\s.*$/gm, '').trim().length < 3)
    return { problem: 'the skill has empty instructions' };
  if (instructions.length > MAX_INSTRUCTIONS_LENGTH) {
    return {
      problem: `the instructions are ${instructions.length} chars, more than ${MAX_INSTRUCTIONS_LENGTH}`,
    };
  }
  let title = (skill.title || rawName).replace(/\s+/g, ' ').trim();
  if (title.length > MAX_TITLE_LENGTH)
    return { problem: `the title is longer than ${MAX_TITLE_LENGTH} chars` };
  let name = skillNameFromTitle(rawName);
  if (
    reference &&
    (name === reference.name ||
      sameText(title, reference.title) ||
      sameText(rawName, reference.title))
  ) {
    name = reference.name;
    title = reference.title || title;
  }
  const description = truncate(
    (skill.description || title).replace(/\s+/g, ' ').trim(),
    MAX_DESCRIPTION_LENGTH,
  );
  const confidence = clamp(Number(skill.confidence ?? 0.6));
  const triggers = cleanList(skill.triggers, MAX_TRIGGERS, 120);
  return {
    candidate: {
      name,
      title,
      description,
      instructions,
      triggers: triggers.length > 0 ? triggers : [title],
      tags: cleanList(skill.tags, MAX_TAGS, 40),
      examples: [],
      confidence,
      ...(skill.applies_to_every_answer ? { appliesTo: 'every-answer' as const } : {}),
    },
  };
}

function normalizeInstructions(text: string): string {
  const trimmed = text.replace(/\r\n/g, '\n').trim();
  if (!trimmed) return '';
  // A body without the expected headings still becomes a valid skill: it is the goal.
  return /^#{1,3}\s/m.test(trimmed) ? trimmed : `# Goal\n${trimmed}`;
}

function cleanList(values: string[], max: number, maxLength: number): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const item = String(value)
      .replace(/^[\s\-*•#"']+|[\s"']+$/g, '')
      .replace(/\s+/g, ' ')
      .slice(0, maxLength)
      .trim();
    const key = item.toLowerCase();
    if (!item || seen.has(key)) continue;
    seen.add(key);
    result.push(item);
    if (result.length >= max) break;
  }
  return result;
}

function sameText(left: string | undefined, right: string | undefined): boolean {
  const normalize = (value: string | undefined) =>
    (value ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return normalize(left) !== '' && normalize(left) === normalize(right);
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 0.6;
  return Math.min(1, Math.max(0, value));
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}
