import type { Skill, SkillCandidate } from '@autoskill/core';
import { jaccard } from './content/text-tokens';

export interface MergeGateThresholds {
  similarity: number;
  mergeGate: number;
  mergeGateAccept: number;
  mergeGateReject: number;
}

/**
 * The original's capability-identity gate: a score from the retrieval similarity (rescaled above
 * `similarity − 0.15`), the overlap of names, and the overlap of name + description + tags +
 * triggers. Merges when the score clears `mergeGate` (certain above `mergeGateAccept`, refused
 * at or below `mergeGateReject`).
 */
export function mergeGateScore(
  target: Pick<Skill, 'name' | 'title' | 'description' | 'tags' | 'triggers'>,
  candidate: SkillCandidate,
  similarity: number,
  threshold: number,
): number {
  const floor = Math.max(0, threshold - 0.15);
  const scaled = clamp01((similarity - floor) / (1 - floor));
  const signal = (
    skill: Pick<Skill, 'name' | 'description' | 'tags' | 'triggers'> & { title?: string },
  ) =>
    [
      skill.name.replace(/-/g, ' '),
      skill.title ?? '',
      skill.description,
      ...skill.tags,
      ...skill.triggers,
    ].join(' ');
  const nameOverlap = jaccard(
    `${target.name.replace(/-/g, ' ')} ${target.title}`,
    `${candidate.name.replace(/-/g, ' ')} ${candidate.title ?? ''}`,
  );
  return clamp01(
    0.7 * scaled + 0.18 * jaccard(signal(target), signal(candidate)) + 0.12 * nameOverlap,
  );
}

/** True when the gate lets the candidate merge into the target. */
export function passesMergeGate(score: number, thresholds: MergeGateThresholds): boolean {
  if (score >= thresholds.mergeGateAccept) return true;
  if (score <= thresholds.mergeGateReject) return false;
  return score >= thresholds.mergeGate;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
