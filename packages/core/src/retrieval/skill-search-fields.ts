import type { SkillDocument } from '../skill/skill';

/** The parts of a skill that retrieval reads. A `Skill` or `SkillDocument` fits. */
export type SkillSearchInput = Pick<SkillDocument, 'name' | 'description' | 'instructions'> &
  Partial<Pick<SkillDocument, 'title' | 'tags' | 'triggers' | 'metadata'>> & { files?: string[] };

/** The text of one skill split by field, so keyword search can weight each field. */
export interface SkillSearchFields {
  name: string;
  title: string;
  description: string;
  tags: string;
  triggers: string;
  instructions: string;
  resources: string;
}

/** Most resource paths that are indexed (a skill with hundreds of assets must not drown its text). */
const MAX_RESOURCE_PATHS = 32;

/** Splits a skill into search fields. Examples are left out (they are long and off-topic). */
export function skillSearchFields(skill: SkillSearchInput): SkillSearchFields {
  const name = skill.name ?? '';
  const title = skill.title ?? '';
  return {
    name,
    // A title that only repeats the name would count the same words twice.
    title: title.toLowerCase() === name.toLowerCase() ? '' : title,
    // A description cut to the spec's 1024 chars keeps its full text in metadata.
    description: skill.metadata?.['full-description'] ?? skill.description ?? '',
    tags: (skill.tags ?? []).join('\n'),
    triggers: (skill.triggers ?? []).join('\n'),
    instructions: skill.instructions ?? '',
    resources: (skill.files ?? []).slice(0, MAX_RESOURCE_PATHS).join('\n'),
  };
}

/**
 * The text embedded for a skill: title/name, description, tags, triggers and the start of the
 * instructions, one labelled line each, so embedding models see the most telling text first.
 */
export function skillEmbeddingText(skill: SkillSearchInput, maxInstructionChars = 300): string {
  const fields = skillSearchFields(skill);
  const lines = [
    `Name: ${fields.title || fields.name}`,
    `Description: ${fields.description}`,
    fields.tags ? `Tags: ${fields.tags.replace(/\n/g, ', ')}` : '',
    fields.triggers ? `Triggers: ${fields.triggers.replace(/\n/g, '; ')}` : '',
    `Instructions: ${fields.instructions.slice(0, maxInstructionChars)}`,
  ];
  return lines.filter(Boolean).join('\n');
}
