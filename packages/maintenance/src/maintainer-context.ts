import type { LanguageModel, SkillStore } from '@autoskill/core';
import type { FindSimilarSkills, MaintenanceLogger } from './maintenance-types';
import type { MergeGateThresholds } from './merge-gate';

/** The maintainer's validated options, shared by the decision, merge and create steps. */
export interface MaintainerContext {
  store: SkillStore;
  findSimilar: FindSimilarSkills;
  model?: LanguageModel;
  logger?: MaintenanceLogger;
  thresholds: MergeGateThresholds;
  topK: number;
  maxConflictRetries: number;
  now: () => Date;
}

/** Logs that a model step failed and its heuristic fallback is used instead. */
export function warnModelFallback(
  context: Pick<MaintainerContext, 'logger'>,
  what: string,
  error: unknown,
): void {
  const message = error instanceof Error ? error.message : String(error);
  context.logger?.warn?.(`maintenance: ${what} (${message})`);
}
