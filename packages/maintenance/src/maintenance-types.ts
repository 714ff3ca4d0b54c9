import type { LanguageModel, Skill, SkillCandidate, SkillHit, SkillStore } from '@autoskill/core';

/** Where maintenance writes its few log lines. The SDK's `Logger` fits. */
export interface MaintenanceLogger {
  info?(message: string): void;
  warn?(message: string): void;
}

/** Finds the skills most similar to a query: the user's own and library skills. */
export type FindSimilarSkills = (
  query: string,
  options: { userId: string; topK: number },
) => Promise<SkillHit[]>;

export interface MaintenanceThresholds {
  /** Minimum similarity score for a hit to count as "the same capability" candidate. Default 0.4. */
  similarity?: number;
  /** Merge-gate score at or above which a similar skill is merged. Default 0.5. */
  mergeGate?: number;
  /** Merge-gate score at or above which a merge is certain (skips the middle band). Default 0.8. */
  mergeGateAccept?: number;
  /** Merge-gate score at or below which a merge is refused. Default 0.22. */
  mergeGateReject?: number;
}

export interface SkillMaintainerOptions {
  store: SkillStore;
  findSimilar: FindSimilarSkills;
  /** With a model: an LLM judge decides add/merge/discard and an LLM merger writes merges (validated, with fallbacks). */
  model?: LanguageModel;
  thresholds?: MaintenanceThresholds;
  /** How many similar skills are considered. Default 5. */
  topK?: number;
  /** Re-read and re-merge attempts when another writer changed the skill first. Default 10. */
  maxConflictRetries?: number;
  now?: () => Date;
  logger?: MaintenanceLogger;
}

export interface MaintenanceApplyOptions {
  userId: string;
  /** The skill the previous extraction of this conversation touched: preferred as the merge target. */
  previousSkillId?: string;
  abortSignal?: AbortSignal;
}

export interface MaintenanceResult {
  action: 'add' | 'merge' | 'discard';
  /** The written skill (add, merge), or the existing skill that already covers the candidate (discard). */
  skill?: Skill;
  /** For merges: the skill as it was before. */
  mergedFrom?: { id: string; version: string; revision: number };
  reason: string;
}

export interface SkillMaintainer {
  /**
   * Decides add / merge / discard for one candidate of `options.userId` and writes the result.
   *
   * Concurrency: the maintainer holds no lock. Concurrent `apply` calls for one user must be
   * serialised by the caller (the SDK runs a user's whole learning step — extraction,
   * maintenance, reindex — one at a time). Unserialised calls never lose an update (writes use
   * `expectedRevision` and re-merge on `CONFLICT`), but they may add near-duplicate skills,
   * because each decides against the skills it saw before the others wrote.
   */
  apply(candidate: SkillCandidate, options: MaintenanceApplyOptions): Promise<MaintenanceResult>;
}
