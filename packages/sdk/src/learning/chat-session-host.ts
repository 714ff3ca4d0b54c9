import type { LanguageModel, SearchScope, Skill, SkillHit } from '@autoskill/core';
import type { IngestInput, SearchOptions } from '../types';
import type { TurnUsage } from '../usage/skill-usage-tracker';
import type { ExtractionJob, ExtractionTrigger } from './learning-job';
import type { PreparedTurn, TurnOptions } from './prepare-turn';

/**
 * What a chat session needs from its host: retrieval for a turn, a model to answer, background
 * learning and a few reads for slash commands. `AutoSkill.createSession` supplies one; apps (the
 * terminal chat, the web studio) and tests can supply their own.
 */
export interface ChatSessionHost {
  /** The model that answers chat turns; undefined when none is configured. */
  chatModel(): Promise<LanguageModel | undefined>;
  /** Retrieval for one turn: what to inject and a trace of every decision. */
  prepareTurn(options: TurnOptions): Promise<PreparedTurn>;
  /** Queues a learning job and returns it at once (status `scheduled`). */
  scheduleLearning(input: IngestInput, trigger: ExtractionTrigger): ExtractionJob;
  list(options: { userId?: string; scope?: SearchScope }): Promise<Skill[]>;
  search(query: string, options: SearchOptions): Promise<SkillHit[]>;
  get(id: string): Promise<Skill | undefined>;
  exportSkillMd(id: string): Promise<string>;
  /** Optional: counts an answered turn's retrieved/injected skills and judges use in the background. */
  recordUsage?(turn: TurnUsage): void;
}
