import { APPLIES_TO_METADATA_KEY, createSkillId, type SkillCandidate } from '@autoskill/core';
import {
  instructionsForNewSkill,
  MAX_EXAMPLES,
  MAX_TAGS,
  MAX_TRIGGERS,
} from './content/merge-skill-content';
import { isRevocation } from './content/revocation';
import { parseSections, sectionItems } from './content/skill-sections';
import { comparisonKey } from './content/text-tokens';
import type { MaintainerContext } from './maintainer-context';
import type { MaintenanceResult } from './maintenance-types';

/**
 * Writes the candidate as a new skill of `userId` at v0.1.0 (`expectedRevision: 0`), without
 * revocation lines and with capped tags, triggers and examples. A candidate that only revokes
 * rules is discarded: there is nothing of this user's to revoke them from.
 */
export async function createUserSkill(
  context: Pick<MaintainerContext, 'store' | 'now'>,
  candidate: SkillCandidate,
  userId: string,
  reason: string,
): Promise<MaintenanceResult> {
  const instructions = instructionsForNewSkill(candidate.instructions);
  const onlyRevokes =
    parseSections(candidate.instructions).flatMap(sectionItems).some(isRevocation) &&
    parseSections(instructions)
      .filter((section) => section.kind !== 'goal')
      .flatMap(sectionItems).length === 0;
  if (onlyRevokes)
    return {
      action: 'discard',
      reason: 'the candidate only revokes rules of a skill this user does not have',
    };
  const at = context.now().toISOString();
  const skill = await context.store.put(
    {
      id: createSkillId(),
      name: candidate.name,
      title: candidate.title?.trim() || candidate.name,
      description: candidate.description.trim() || candidate.title?.trim() || candidate.name,
      instructions,
      version: '0.1.0',
      tags: capList(candidate.tags, MAX_TAGS),
      triggers: capList(candidate.triggers, MAX_TRIGGERS),
      examples: candidate.examples.slice(0, MAX_EXAMPLES),
      metadata:
        candidate.appliesTo === 'every-answer' ? { [APPLIES_TO_METADATA_KEY]: 'every-answer' } : {},
      extra: {},
      createdAt: at,
      updatedAt: at,
      scope: 'user',
      owner: userId,
    },
    {
      expectedRevision: 0,
      reason: 'create',
      ...(candidate.files?.length ? { files: candidate.files } : {}),
    },
  );
  return { action: 'add', skill, reason };
}

/** Trimmed, de-duplicated (by comparison key) and at most `max` values. */
function capList(values: string[], max: number): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const item = value.trim();
    const key = comparisonKey(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    result.push(item);
    if (result.length >= max) break;
  }
  return result;
}
