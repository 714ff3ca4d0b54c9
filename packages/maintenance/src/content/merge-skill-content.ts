import {
  MAX_DESCRIPTION_LENGTH,
  type Skill,
  type SkillCandidate,
  type SkillExample,
} from '@autoskill/core';
import { containment } from '@autoskill/core/internal';
import { isRevocation, isRevokedBy, revokedRule } from './revocation';
import {
  itemText,
  parseSections,
  renderSections,
  type Section,
  sectionItems,
} from './skill-sections';
import { comparisonKey, sameRule } from './text-tokens';

/** Caps that stop triggers and tags from growing without bound across merges. */
export const MAX_TRIGGERS = 8;
export const MAX_TAGS = 8;
export const MAX_EXAMPLES = 5;

/** The fields a merge may change. Name, title, id, scope and owner always stay. */
export interface MergedContent {
  description: string;
  instructions: string;
  triggers: string[];
  tags: string[];
  examples: SkillExample[];
  /** Rule lines the candidate added. */
  added: string[];
  /** Rule lines the candidate revoked (removed from the skill). */
  removed: string[];
}

/**
 * The deterministic merge: keeps every existing section and rule, removes only rules the
 * candidate explicitly revokes, appends new rules to the right section without duplicates,
 * extends or refines the workflow, keeps the description unless the candidate's is clearly
 * better, and unions triggers/tags/examples with caps.
 */
export function mergeSkillContent(
  existing: Pick<
    Skill,
    'name' | 'title' | 'description' | 'instructions' | 'triggers' | 'tags' | 'examples'
  >,
  candidate: SkillCandidate,
): MergedContent {
  const sections = parseSections(existing.instructions);
  const incoming = parseSections(candidate.instructions);
  const revoked = incoming
    .flatMap(sectionItems)
    .filter(isRevocation)
    .map(revokedRule)
    .filter((rule): rule is string => rule !== undefined);

  const removed: string[] = [];
  for (const section of sections) {
    if (section.kind === 'goal' || section.kind === 'preamble') continue;
    section.lines = section.lines.filter((line) => {
      const text = itemText(line) ?? line.trim();
      if (!text || !revoked.some((rule) => isRevokedBy(text, rule))) return true;
      removed.push(text);
      return false;
    });
  }
  renumber(sections);

  const added: string[] = [];
  const knownLines = () => sections.flatMap(sectionItems);
  for (const section of incoming) {
    if (section.kind === 'goal') {
      // A preamble without headings already states what the skill is for.
      if (!sections.some((known) => known.kind === 'goal' || known.kind === 'preamble'))
        sections.unshift(section);
      continue;
    }
    if (section.kind === 'constraints') {
      const target = findOrCreate(sections, section);
      for (const item of sectionItems(section)) {
        if (isRevocation(item) || revoked.some((rule) => isRevokedBy(item, rule))) continue;
        if (knownLines().some((line) => sameRule(line, item))) continue;
        target.lines.push(`- ${item}`);
        added.push(item);
      }
      continue;
    }
    if (section.kind === 'workflow') {
      mergeWorkflow(sections, section, added);
      continue;
    }
    const target = sections.find((existingSection) => sameHeading(existingSection, section));
    if (!target) {
      const lines = section.lines.filter(
        (line) => !(itemText(line) && isRevocation(itemText(line)!)),
      );
      if (lines.some((line) => line.trim())) sections.push({ ...section, lines });
      continue;
    }
    for (const line of section.lines) {
      const text = itemText(line) ?? line.trim();
      if (
        !text ||
        isRevocation(text) ||
        sectionItems(target).some((known) => sameRule(known, text))
      )
        continue;
      target.lines.push(line);
      added.push(text);
    }
  }

  return {
    description: betterDescription(existing, candidate.description),
    instructions: renderSections(sections),
    triggers: union(existing.triggers, candidate.triggers, MAX_TRIGGERS),
    tags: union(existing.tags, candidate.tags, MAX_TAGS),
    examples: unionExamples(existing.examples, candidate.examples ?? []),
    added,
    removed,
  };
}

/** A new skill's instructions: the candidate's, without revocation lines (they revoke nothing yet). */
export function instructionsForNewSkill(instructions: string): string {
  const sections = parseSections(instructions);
  for (const section of sections) {
    section.lines = section.lines.filter((line) => {
      const text = itemText(line);
      return !(text && isRevocation(text));
    });
  }
  return renderSections(
    sections.filter((section) => section.kind !== 'constraints' || section.lines.length > 0),
  );
}

function mergeWorkflow(sections: Section[], incoming: Section, added: string[]): void {
  const newSteps = sectionItems(incoming).filter((step) => !isRevocation(step));
  if (newSteps.length === 0) return;
  const target = sections.find((section) => section.kind === 'workflow');
  if (!target) {
    sections.push({
      kind: 'workflow',
      heading: incoming.heading ?? '# Workflow',
      lines: numbered(newSteps),
    });
    added.push(...newSteps);
    return;
  }
  const oldSteps = sectionItems(target);
  const fresh = newSteps.filter((step) => !oldSteps.some((old) => sameRule(old, step)));
  if (fresh.length === 0) return;
  // A restated workflow that contains every old step is a refinement: take its order.
  const refines = oldSteps.every((old) => newSteps.some((step) => sameRule(old, step)));
  target.lines = numbered(refines ? newSteps : [...oldSteps, ...fresh]);
  added.push(...fresh);
}

function findOrCreate(sections: Section[], like: Section): Section {
  const found = sections.find((section) => section.kind === like.kind);
  if (found) return found;
  const created: Section = {
    kind: like.kind,
    heading: like.heading ?? '# Constraints & Style',
    lines: [],
  };
  const goalIndex = sections.findIndex((section) => section.kind === 'goal');
  sections.splice(goalIndex >= 0 ? goalIndex + 1 : sections.length, 0, created);
  return created;
}

function renumber(sections: Section[]): void {
  for (const section of sections) {
    if (section.kind !== 'workflow') continue;
    if (!section.lines.some((line) => /^\s*\d{1,3}[.)]\s/.test(line))) continue;
    section.lines = numbered(sectionItems(section));
  }
}

function numbered(steps: string[]): string[] {
  return steps.map((step, index) => `${index + 1}. ${step}`);
}

function sameHeading(left: Section, right: Section): boolean {
  if (left.heading === undefined || right.heading === undefined)
    return left.heading === right.heading;
  return comparisonKey(left.heading) === comparisonKey(right.heading);
}

function betterDescription(
  existing: Pick<Skill, 'name' | 'title' | 'description'>,
  proposed: string,
): string {
  const current = existing.description.trim();
  const next = (proposed ?? '').trim();
  if (!next || next.length > MAX_DESCRIPTION_LENGTH) return current;
  const placeholder =
    !current ||
    comparisonKey(current) === comparisonKey(existing.title) ||
    comparisonKey(current) === comparisonKey(existing.name);
  if (placeholder) return next;
  // Longer and about the same thing: an improvement, not a replacement by another capability.
  if (next.length > current.length * 1.1 && containment(current, next) >= 0.5) return next;
  return current;
}

function union(existing: string[], proposed: string[], max: number): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of [...existing, ...proposed]) {
    const item = String(value ?? '').trim();
    const key = comparisonKey(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    result.push(item);
    if (result.length >= max) break;
  }
  return result;
}

function unionExamples(existing: SkillExample[], proposed: SkillExample[]): SkillExample[] {
  const result = [...existing];
  for (const example of proposed) {
    if (result.length >= MAX_EXAMPLES) break;
    if (
      !example?.input ||
      result.some((known) => comparisonKey(known.input) === comparisonKey(example.input))
    )
      continue;
    result.push(example);
  }
  return result;
}
