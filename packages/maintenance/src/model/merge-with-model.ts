import {
  generateJson,
  type LanguageModel,
  MAX_DESCRIPTION_LENGTH,
  type Skill,
  type SkillCandidate,
} from '@autoskill/core';
import { containment } from '@autoskill/core/internal';
import { z } from 'zod';
import { MAX_TAGS, MAX_TRIGGERS, type MergedContent } from '../content/merge-skill-content';
import {
  constraintItems,
  parseSections,
  renderSections,
  type Section,
  sectionItems,
} from '../content/skill-sections';
import { comparisonKey } from '../content/text-tokens';
import { describeCandidate } from './judge-decision';

/** The skill merger's system prompt. */
export const MERGER_SYSTEM_PROMPT = `You are the skill merger of AutoSkill. Merge a CANDIDATE learned from a new conversation into an EXISTING skill of the same capability.

Rules
- Produce a semantic union, not a concatenation: keep the existing skill's core, add what the candidate adds, remove duplicates.
- No regressions: keep every existing rule unless the candidate explicitly revokes it ("you no longer need to …"); then drop that rule and do not mention the revocation.
- Do not invent rules that neither side states. Keep names, projects, dates and other specifics out.
- Keep the existing language and structure: "# Goal", "# Constraints & Style" ("- " bullets) and, if present, "# Workflow" (numbered steps). No other headings, no nested sections.
- title: keep the existing title. description: one or two sentences, third person, what and when.
- triggers: 3 to 8 short phrases. tags: 1 to 8 keywords.

Reply with JSON only: {"title": "...", "description": "...", "instructions": "...", "triggers": ["..."], "tags": ["..."]}`;

const mergeSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  instructions: z.string().min(1, 'instructions must not be empty'),
  triggers: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});

const MAX_INSTRUCTIONS_LENGTH = 20_000;

/**
 * Asks the model to merge, then guards the result with the deterministic merge: every rule the
 * deterministic merge keeps or adds must appear in the model's instructions, or it is re-appended
 * under "# Constraints & Style". Throws when the reply is unusable (the caller falls back).
 */
export async function mergeWithModel(options: {
  model: LanguageModel;
  existing: Skill;
  candidate: SkillCandidate;
  deterministic: MergedContent;
  abortSignal?: AbortSignal;
}): Promise<MergedContent> {
  const { existing, candidate, deterministic } = options;
  const data = {
    existing: {
      name: existing.name,
      title: existing.title,
      description: existing.description,
      instructions: existing.instructions,
      triggers: existing.triggers,
      tags: existing.tags,
      version: existing.version,
    },
    candidate: describeCandidate(candidate),
  };
  const { value } = await generateJson({
    model: options.model,
    system: MERGER_SYSTEM_PROMPT,
    prompt: `DATA:\n${JSON.stringify(data, null, 2)}`,
    schema: mergeSchema,
    temperature: 0,
    repairAttempts: 1,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  const instructions = value.instructions.trim();
  if (instructions.length > MAX_INSTRUCTIONS_LENGTH)
    throw new Error(`merged instructions exceed ${MAX_INSTRUCTIONS_LENGTH} chars`);

  const guarded = reappendMissingRules(instructions, constraintItems(deterministic.instructions));
  const description = value.description?.trim();
  return {
    description:
      description && description.length <= MAX_DESCRIPTION_LENGTH
        ? description
        : deterministic.description,
    instructions: guarded,
    triggers: cleanList(value.triggers, MAX_TRIGGERS) ?? deterministic.triggers,
    tags: cleanList(value.tags, MAX_TAGS) ?? deterministic.tags,
    examples: deterministic.examples,
    added: deterministic.added,
    removed: deterministic.removed,
  };
}

/** Adds back every required rule the model's text lost (a rule counts as kept when ≥ 80 % of its words appear on one line). */
export function reappendMissingRules(instructions: string, required: string[]): string {
  const sections = parseSections(instructions);
  const lines = sections.flatMap(sectionItems);
  const missing = required.filter(
    (rule) =>
      !lines.some(
        (line) => comparisonKey(line) === comparisonKey(rule) || containment(rule, line) >= 0.8,
      ),
  );
  if (missing.length === 0) return instructions;
  let target = sections.find((section) => section.kind === 'constraints');
  if (!target) {
    target = { kind: 'constraints', heading: '# Constraints & Style', lines: [] } satisfies Section;
    const goal = sections.findIndex((section) => section.kind === 'goal');
    sections.splice(goal >= 0 ? goal + 1 : sections.length, 0, target);
  }
  target.lines.push(...missing.map((rule) => `- ${rule}`));
  return renderSections(sections);
}

function cleanList(values: string[] | undefined, max: number): string[] | undefined {
  if (!values) return undefined;
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const item = value.trim().slice(0, 120);
    const key = comparisonKey(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    result.push(item);
    if (result.length >= max) break;
  }
  return result.length > 0 ? result : undefined;
}
