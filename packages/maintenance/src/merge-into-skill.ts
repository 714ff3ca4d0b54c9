import {
  APPLIES_TO_METADATA_KEY,
  AutoSkillError,
  isAbortError,
  type Skill,
  type SkillCandidate,
  type SkillPutInput,
  throwIfAborted,
} from '@autoskill/core';
import { type MergedContent, mergeSkillContent } from './content/merge-skill-content';
import { createUserSkill } from './create-user-skill';
import { type MaintainerContext, warnModelFallback } from './maintainer-context';
import type { MaintenanceApplyOptions, MaintenanceResult } from './maintenance-types';
import { mergeWithModel } from './model/merge-with-model';
import { nextMergeVersion } from './next-version';

/**
 * Merges the candidate into the user's skill `targetId`: the deterministic merge (or the model's,
 * checked against it), the patch bump above every version the skill had, and a write with
 * `expectedRevision`. On `CONFLICT` the skill is re-read and merged again, at most
 * `maxConflictRetries` times, so a concurrent writer's update is never lost. A candidate that
 * adds nothing is discarded without a write; a target that is gone (or not the user's) makes
 * the candidate a new skill.
 */
export async function mergeIntoSkill(
  context: MaintainerContext,
  candidate: SkillCandidate,
  targetId: string,
  options: MaintenanceApplyOptions,
  reason: string,
): Promise<MaintenanceResult> {
  const { store, model, now, maxConflictRetries } = context;
  const { userId, abortSignal } = options;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(abortSignal);
    const current = await store.get(targetId);
    if (current?.scope !== 'user' || current.owner !== userId) {
      return createUserSkill(
        context,
        candidate,
        userId,
        `${reason}; the target is gone or not the user's, so a new skill was added`,
      );
    }
    const deterministic = mergeSkillContent(current, candidate);
    if (unchanged(current, deterministic)) {
      return {
        action: 'discard',
        skill: current,
        reason: `nothing new: "${current.name}" already has these rules`,
      };
    }
    let merged = deterministic;
    if (model) {
      try {
        merged = await mergeWithModel({
          model,
          existing: current,
          candidate,
          deterministic,
          ...(abortSignal ? { abortSignal } : {}),
        });
      } catch (error) {
        if (isAbortError(error)) throw error;
        warnModelFallback(context, 'the skill merger failed, using the heuristic merge', error);
      }
    }
    const version = await nextMergeVersion(store, current);
    const { files: _files, revision: _revision, ...document } = current;
    const input: SkillPutInput = {
      ...document,
      description: merged.description,
      instructions: merged.instructions,
      triggers: merged.triggers,
      tags: merged.tags,
      examples: merged.examples,
      // A standing preference merged into a skill makes that skill one (never the reverse).
      metadata:
        candidate.appliesTo === 'every-answer'
          ? { ...document.metadata, [APPLIES_TO_METADATA_KEY]: 'every-answer' }
          : document.metadata,
      version,
      updatedAt: now().toISOString(),
    };
    try {
      const skill = await store.put(input, {
        expectedRevision: current.revision,
        reason: 'merge',
        ...(candidate.files?.length ? { files: candidate.files } : {}),
      });
      const changes = [
        merged.added.length ? `${plural(merged.added.length, 'rule')} added` : '',
        merged.removed.length ? `${plural(merged.removed.length, 'revoked rule')} removed` : '',
      ].filter(Boolean);
      return {
        action: 'merge',
        skill,
        mergedFrom: { id: current.id, version: current.version, revision: current.revision },
        reason: changes.length ? `${reason}; ${changes.join(', ')}` : reason,
      };
    } catch (error) {
      if (!AutoSkillError.hasCode(error, 'CONFLICT') || attempt >= maxConflictRetries) throw error;
      // Another writer got there first: re-read and merge again against its version.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * (attempt + 1)));
    }
  }
}

function unchanged(current: Skill, merged: MergedContent): boolean {
  return (
    merged.added.length === 0 &&
    merged.removed.length === 0 &&
    merged.instructions.trim() === current.instructions.trim() &&
    merged.description === current.description &&
    JSON.stringify(merged.triggers) === JSON.stringify(current.triggers) &&
    JSON.stringify(merged.tags) === JSON.stringify(current.tags) &&
    JSON.stringify(merged.examples) === JSON.stringify(current.examples)
  );
}

/** "1 rule", "2 rules". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
