import {
  appliesToEveryAnswer,
  InvalidArgumentError,
  isAbortError,
  type Skill,
  type SkillCandidate,
  type SkillHit,
} from '@autoskill/core';
import { comparisonKey } from './content/text-tokens';
import type { MaintainerContext } from './maintainer-context';
import { warnModelFallback } from './maintainer-context';
import type { MaintenanceApplyOptions } from './maintenance-types';
import { mergeGateScore, passesMergeGate } from './merge-gate';
import { judgeDecision } from './model/judge-decision';

/** What to do with a candidate: add it as a new user skill, merge it into `targetId`, or drop it. */
export type MaintenanceDecision =
  | { action: 'add' | 'discard'; reason: string }
  | { action: 'merge'; targetId: string; reason: string };

/** The similar skills found for a candidate, best first, and what the merge gate says of them. */
interface SimilarSkills {
  byScore: SkillHit[];
  /**
   * The user's skill to merge into when it passes the merge gate: the previous extraction's
   * skill if it passes, else the user's best hit.
   */
  mergeTarget: SkillHit | undefined;
  libraryHit: SkillHit | undefined;
}

/**
 * Decides add / merge / discard. A user skill with the candidate's name or title is always the
 * merge target. Otherwise the similar skills are judged by the model when there is one (with
 * guardrails), and by the heuristic (similarity + merge gate) when there is none or it fails.
 */
export async function decideAction(
  context: MaintainerContext,
  candidate: SkillCandidate,
  options: MaintenanceApplyOptions,
): Promise<MaintenanceDecision> {
  const sameIdentity = await sameIdentityTarget(context, candidate, options);
  if (sameIdentity) return sameIdentity;
  const similar = await findSimilarSkills(context, candidate, options);
  if (context.model) {
    const judged = await decideWithModel(context, candidate, options, similar);
    if (judged) return judged;
  }
  return decideWithHeuristic(context, similar);
}

async function sameIdentityTarget(
  context: MaintainerContext,
  candidate: SkillCandidate,
  { userId, previousSkillId }: MaintenanceApplyOptions,
): Promise<MaintenanceDecision | undefined> {
  const own = await context.store.list({ scope: 'user', owner: userId });
  // Standing preferences of one user merge with each other instead of piling up.
  if (candidate.appliesTo === 'every-answer') {
    const standing = own
      .filter(appliesToEveryAnswer)
      .sort((left, right) => (right.updatedAt ?? '').localeCompare(left.updatedAt ?? ''))[0];
    if (standing)
      return {
        action: 'merge',
        targetId: standing.id,
        reason: `a standing preference: merged into the user's standing preferences "${standing.name}"`,
      };
  }
  const sameIdentity = own.filter((skill) => sameIdentityAs(skill, candidate));
  if (sameIdentity.length === 0) return undefined;
  const target =
    sameIdentity.find((skill) => skill.id === previousSkillId) ??
    [...sameIdentity].sort((left, right) =>
      (right.updatedAt ?? '').localeCompare(left.updatedAt ?? ''),
    )[0]!;
  return {
    action: 'merge',
    targetId: target.id,
    reason: `same name as the user's skill "${target.name}"`,
  };
}

async function findSimilarSkills(
  context: MaintainerContext,
  candidate: SkillCandidate,
  { userId, previousSkillId }: MaintenanceApplyOptions,
): Promise<SimilarSkills> {
  const { thresholds } = context;
  const hits = await context.findSimilar(similarityQuery(candidate), {
    userId,
    topK: context.topK,
  });
  if (!Array.isArray(hits))
    throw new InvalidArgumentError('findSimilar', 'must resolve to an array of SkillHit');
  const passes = (hit: SkillHit) =>
    hit.score >= thresholds.similarity &&
    passesMergeGate(
      mergeGateScore(hit.skill, candidate, hit.score, thresholds.similarity),
      thresholds,
    );
  const byScore = [...hits]
    .filter((hit) => hit?.skill)
    .sort((left, right) => right.score - left.score);
  const userHits = byScore.filter(
    (hit) => hit.skill.scope === 'user' && hit.skill.owner === userId,
  );
  const previousHit = userHits.find((hit) => hit.skill.id === previousSkillId && passes(hit));
  const bestUser = previousHit ?? userHits[0];
  return {
    byScore,
    mergeTarget: bestUser !== undefined && passes(bestUser) ? bestUser : undefined,
    libraryHit: byScore.find((hit) => hit.skill.scope === 'common'),
  };
}

/**
 * The "skill set manager" model judge with guardrails: a merge into a library skill becomes the
 * user's own variant, an add that duplicates a user skill passing the gate becomes a merge.
 * Undefined when the model failed (the heuristic decides then); aborts are rethrown.
 */
async function decideWithModel(
  context: MaintainerContext,
  candidate: SkillCandidate,
  options: MaintenanceApplyOptions,
  { byScore, mergeTarget }: SimilarSkills,
): Promise<MaintenanceDecision | undefined> {
  const { model, store, thresholds } = context;
  const { userId } = options;
  if (!model) return undefined;
  try {
    const judged = await judgeDecision({
      model,
      userId,
      candidate,
      hits: byScore,
      threshold: thresholds.similarity,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    if (judged.action === 'discard')
      return { action: 'discard', reason: `skill set manager: ${judged.reason}` };
    if (judged.action === 'merge') {
      const target = judged.targetSkillId
        ? (byScore.find((hit) => hit.skill.id === judged.targetSkillId)?.skill ??
          (await store.get(judged.targetSkillId)))
        : undefined;
      if (target && target.scope === 'user' && target.owner === userId) {
        return {
          action: 'merge',
          targetId: target.id,
          reason: `skill set manager: ${judged.reason}`,
        };
      }
      if (target && target.scope === 'common') {
        return {
          action: 'add',
          reason: `the user's own variant of library skill "${target.name}" (library skills are never modified)`,
        };
      }
      if (mergeTarget)
        return {
          action: 'merge',
          targetId: mergeTarget.skill.id,
          reason: `skill set manager chose merge; target "${mergeTarget.skill.name}" is the closest user skill`,
        };
      return {
        action: 'add',
        reason: 'skill set manager chose merge but named no skill of this user',
      };
    }
    // Guardrail: never add a duplicate of a user skill that clearly is the same capability.
    if (mergeTarget) {
      return {
        action: 'merge',
        targetId: mergeTarget.skill.id,
        reason: `guardrail: "${mergeTarget.skill.name}" is the same capability (score ${mergeTarget.score.toFixed(2)})`,
      };
    }
    return { action: 'add', reason: `skill set manager: ${judged.reason}` };
  } catch (error) {
    if (isAbortError(error)) throw error;
    warnModelFallback(context, 'the skill set manager failed, using the heuristic decision', error);
    return undefined;
  }
}

/** Merge into the best user skill that passes the gate; a similar library skill or none: add. */
function decideWithHeuristic(
  context: MaintainerContext,
  { mergeTarget, libraryHit }: SimilarSkills,
): MaintenanceDecision {
  if (mergeTarget) {
    return {
      action: 'merge',
      targetId: mergeTarget.skill.id,
      reason: `similar to the user's skill "${mergeTarget.skill.name}" (score ${mergeTarget.score.toFixed(2)})`,
    };
  }
  if (libraryHit && libraryHit.score >= context.thresholds.similarity) {
    return {
      action: 'add',
      reason: `the user's own variant of library skill "${libraryHit.skill.name}" (library skills are never modified)`,
    };
  }
  return { action: 'add', reason: 'no similar skill of this user' };
}

function similarityQuery(candidate: SkillCandidate): string {
  return [
    candidate.title ?? '',
    candidate.name.replace(/-/g, ' '),
    candidate.description,
    candidate.instructions.slice(0, 2000),
  ]
    .filter(Boolean)
    .join('\n');
}

function sameIdentityAs(skill: Skill, candidate: SkillCandidate): boolean {
  if (skill.name === candidate.name) return true;
  const title = comparisonKey(candidate.title ?? '');
  return (
    title !== '' && (comparisonKey(skill.title) === title || comparisonKey(skill.name) === title)
  );
}
