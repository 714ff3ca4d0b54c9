import type {
  ChatMessage,
  ExperienceEvent,
  SearchScope,
  Skill,
  SkillRevision,
} from '@autoskill/core';

/** Options of `AutoSkill.search` and `renderContext`. */
export interface SearchOptions {
  userId?: string;
  /** `user`, `common` (the shared library; `library` is accepted too) or `all` (default). */
  scope?: SearchScope;
  limit?: number;
  minScore?: number;
}

/** One interaction to learn from. */
export interface IngestInput {
  userId: string;
  messages?: ChatMessage[];
  events?: ExperienceEvent[];
  hint?: string;
  abortSignal?: AbortSignal;
}

/** A learned skill as reported to callers. */
export interface LearnedSkill {
  id: string;
  name: string;
  title: string;
  version: string;
}

/** What one learning step did. */
export interface IngestResult {
  added: LearnedSkill[];
  merged: LearnedSkill[];
  /** True when extraction proposed a candidate that maintenance discarded. */
  discarded: boolean;
  /** Why nothing was learned, or what happened. */
  reason: string;
  skills: Skill[];
  /** Review mode `learned`: what was kept as a draft for the user's approval instead of written. */
  drafted?: DraftedSkill[];
}

/** A learned add or merge kept as a draft (review mode `learned`). */
export interface DraftedSkill extends LearnedSkill {
  draftId: string;
  kind: 'add' | 'merge';
}

/** One kept revision of a skill. */
export interface VersionInfo extends SkillRevision {
  current: boolean;
}

/** How many skills in scope have a fresh vector in the current embedding index. */
export interface VectorStatus {
  index: string;
  dimensions: number;
  embeddings: string;
  totalSkills: number;
  indexedSkills: number;
  missingSkills: number;
}

/** What `normalizeIds` found and fixed. */
export interface NormalizeIdsReport {
  skills: number;
  assigned: Array<{ id: string; path: string }>;
  errors: Array<{ path: string; reason: string }>;
}

/**
 * Score scale of the hybrid retriever: keyword scores are normalised by the query's total idf, so
 * a natural-language request that shares its key terms with a skill scores about 0.2–0.7 and an
 * unrelated one below 0.1 (see docs/decisions/2026-11-25-hybrid-ranking.md).
 */
export const DEFAULT_REFERENCE_MIN_SCORE = 0.1;
/** Similarity at which a candidate may merge into an existing skill. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.25;
/** Character budget of the rendered skill context. */
export const DEFAULT_MAX_CONTEXT_CHARS = 6000;

/** The short form of a skill used in learning results. */
export function summarize(skill: Skill): LearnedSkill {
  return { id: skill.id, name: skill.name, title: skill.title, version: skill.version };
}
