import {
  type ChatMessage,
  messageText,
  type Skill,
  type SkillCandidate,
  type SkillHit,
} from '@autoskill/core';
import { createSkillExtractor } from '@autoskill/extraction';
import { createSkillMaintainer } from '@autoskill/maintenance';
import type { AutoSkillConfig } from '../config';
import type { Runtime } from '../create-runtime';
import type { Logger } from '../logger';
import type { DraftStore, SkillDraft } from '../review/draft-store';
import { draftingSkillStore } from '../review/drafting-skill-store';
import type { SkillSearchIndex } from '../skill-search-index';
import {
  DEFAULT_REFERENCE_MIN_SCORE,
  DEFAULT_SIMILARITY_THRESHOLD,
  type IngestInput,
  type IngestResult,
  summarize,
} from '../types';

/** Search as the learner needs it (the client's validated search). */
export type LearnerSearch = (
  query: string,
  options: { userId: string; scope: 'user' | 'all'; limit: number },
) => Promise<SkillHit[]>;

interface Learners {
  extractor: ReturnType<typeof createSkillExtractor>;
  maintainer: ReturnType<typeof createSkillMaintainer>;
}

/**
 * One learning step: extraction proposes at most one candidate, maintenance adds, merges or
 * discards it, the index is updated. It does not serialise anything itself: callers run one
 * user's steps one at a time (the client's per-user mutex), so each step sees the previous one.
 */
export class Learner {
  private learnersPromise: Promise<Learners> | undefined;
  /** Review mode: the draft the current step of each user made (one step per user at a time). */
  private readonly lastDraft = new Map<string, SkillDraft>();

  constructor(
    private readonly dependencies: {
      config: AutoSkillConfig;
      logger: Logger;
      /** Resolves when the store and the search index are ready. */
      ready: () => Promise<Runtime>;
      search: LearnerSearch;
      index: SkillSearchIndex;
      /** Review mode `learned`: adds and merges become drafts here instead of store writes. */
      drafts?: DraftStore;
    },
  ) {}

  /** Learns from one validated interaction. */
  async learn(input: IngestInput): Promise<IngestResult> {
    const { extractor, maintainer } = await this.learners();
    const extraction = await extractor.extract({
      messages: input.messages ?? [],
      events: input.events ?? [],
      hint: input.hint,
      reference: await this.referenceFor(input),
      abortSignal: input.abortSignal,
    });
    if (!extraction.candidate)
      return { added: [], merged: [], discarded: false, reason: extraction.reason, skills: [] };
    await this.dependencies.index.sync();
    const result = await maintainer.apply(extraction.candidate, {
      userId: input.userId,
      abortSignal: input.abortSignal,
    });
    const draft = this.lastDraft.get(input.userId);
    this.lastDraft.delete(input.userId);
    if (draft && result.skill)
      return {
        added: [],
        merged: [],
        discarded: false,
        reason: `${result.reason} (kept as draft ${draft.id} for review)`,
        skills: [],
        drafted: [{ ...summarize(result.skill), draftId: draft.id, kind: draft.kind }],
      };
    if (result.skill) await this.dependencies.index.reindex([result.skill.id]);
    const learned = result.skill ? [summarize(result.skill)] : [];
    return {
      added: result.action === 'add' ? learned : [],
      merged: result.action === 'merge' ? learned : [],
      discarded: result.action === 'discard',
      reason: result.reason,
      skills: result.skill ? [result.skill] : [],
    };
  }

  /** What extraction would propose for this interaction, without writing anything. */
  async extractCandidate(
    input: IngestInput,
  ): Promise<{ candidate?: SkillCandidate; reason: string; mode: string }> {
    const { extractor } = await this.learners();
    return extractor.extract({
      messages: input.messages ?? [],
      events: input.events ?? [],
      hint: input.hint,
      reference: await this.referenceFor(input),
      abortSignal: input.abortSignal,
    });
  }

  /** The user's top-1 skill for the latest request: extraction's identity context, not a target. */
  private async referenceFor(input: IngestInput): Promise<Skill | undefined> {
    // The window's last user turns: feedback ("写的具体一些") names its task only in the turn before.
    const userTexts = (input.messages ?? [])
      .filter((message: ChatMessage) => message.role === 'user')
      .slice(-2)
      .map((message) => messageText(message));
    const query = [...userTexts.reverse(), input.hint ?? ''].join('\n').trim();
    if (!query) return undefined;
    const [top] = await this.dependencies.search(query.slice(0, 2000), {
      userId: input.userId,
      scope: 'user',
      limit: 1,
    });
    const minimum = this.dependencies.config.referenceMinScore ?? DEFAULT_REFERENCE_MIN_SCORE;
    return top && top.score >= minimum ? top.skill : undefined;
  }

  /** The extractor and maintainer, built once the runtime is known and reused by every step. */
  private learners(): Promise<Learners> {
    if (this.learnersPromise) return this.learnersPromise;
    const { config, logger, ready, search, drafts } = this.dependencies;
    this.learnersPromise = ready().then((runtime) => ({
      extractor: createSkillExtractor({
        model: runtime.extractionModel,
        redact: config.redact ?? true,
        logger,
      }),
      maintainer: createSkillMaintainer({
        store: drafts
          ? draftingSkillStore(runtime.store, drafts, (draft) =>
              this.lastDraft.set(draft.userId, draft),
            )
          : runtime.store,
        model: runtime.extractionModel,
        logger,
        thresholds: { similarity: config.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD },
        findSimilar: (query, options) =>
          search(query, { userId: options.userId, scope: 'all', limit: options.topK }),
      }),
    }));
    // A failed start (e.g. the index could not be built) is retried on the next call.
    this.learnersPromise.catch(() => {
      this.learnersPromise = undefined;
    });
    return this.learnersPromise;
  }
}
