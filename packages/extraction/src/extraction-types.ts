import type {
  ChatMessage,
  ExperienceEvent,
  LanguageModel,
  Skill,
  SkillCandidate,
} from '@autoskill/core';

/** The retrieved skill given to extraction as identity context (never as evidence). */
export type SkillReference = Pick<
  Skill,
  'id' | 'name' | 'title' | 'description' | 'instructions' | 'tags' | 'triggers'
>;

/** Where extraction writes its few log lines. The SDK's `Logger` fits. */
export interface ExtractionLogger {
  info?(message: string): void;
  warn?(message: string): void;
}

export interface SkillExtractorOptions {
  /** With a model, extraction asks it (prompt + strict JSON + repair); without, deterministic rules run. */
  model?: LanguageModel;
  /** Redact e-mails, URLs, keys and long numbers before text is sent to the model. Default true. */
  redact?: boolean;
  /** How many of the most recent messages are read. Default 6. */
  maxWindowMessages?: number;
  /** Throw model errors instead of returning `{ reason: 'model error: …' }`. Default false. */
  throwOnError?: boolean;
  /** How many times the model is asked to repair an unusable reply. Default 1. */
  repairAttempts?: number;
  logger?: ExtractionLogger;
}

export interface ExtractionInput {
  messages?: ChatMessage[];
  events?: ExperienceEvent[];
  /** What the user asked to learn (`/extract_now remember the citation rule`). */
  hint?: string;
  /** The top retrieved skill: if the new rules refine it, the candidate reuses its name so maintenance merges. */
  reference?: SkillReference;
  abortSignal?: AbortSignal;
}

export interface ExtractionResult {
  /** At most one candidate per attempt; absent when nothing durable was found. */
  candidate?: SkillCandidate;
  /** Why a candidate was or was not produced, for job status and logs. */
  reason: string;
  mode: 'llm' | 'rules';
}

export interface SkillExtractor {
  extract(input: ExtractionInput): Promise<ExtractionResult>;
}
