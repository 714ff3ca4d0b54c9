import {
  type ChatMessage,
  generateJson,
  InvalidArgumentError,
  type LanguageModel,
  messageText,
  renderSkillsContext,
  type SearchScope,
  type Skill,
  type SkillHit,
  truncateTextTail,
} from '@autoskill/core';
import { z } from 'zod';
import {
  conversationBefore,
  judgeRewrite,
  type RewriteMode,
  rewriteQuery,
  shouldRewrite,
} from './query-rewrite';

export type { RewriteMode } from './query-rewrite';

/** Default injection threshold on the hybrid score scale (unrelated requests score below ~0.1). */
export const DEFAULT_MIN_INJECT_SCORE = 0.1;

export interface TurnOptions {
  userId: string;
  /** The conversation so far; the latest user message is the request. */
  messages: ChatMessage[];
  scope?: SearchScope;
  /** Skills injected at most (default 1). */
  topK?: number;
  /** Hits below this score are not injected (default 0.1). */
  minScore?: number;
  /** `always`: rewrite every turn; `auto`: only follow-ups that lean on history; `never`. Needs a model. */
  rewriteMode?: RewriteMode;
  /** Let the model choose which hits to inject (needs a model). */
  selectSkills?: boolean;
  maxContextChars?: number;
  abortSignal?: AbortSignal;
}

export interface TraceHit {
  rank: number;
  id: string;
  name: string;
  title: string;
  version: string;
  scope: Skill['scope'];
  owner: string;
  score: number;
  vectorScore?: number;
  keywordScore?: number;
  injected: boolean;
  /** A standing preference of the user: applied to every answer, not found by relevance (score 1). */
  standing?: boolean;
  /** Why it was injected or skipped. */
  reason: string;
}

/** Why each skill was or was not injected into this turn. */
export interface RetrievalTrace {
  originalQuery: string;
  rewrittenQuery: string | null;
  /** Why a rewrite the model gave was not used (the original query was searched instead). */
  rewriteDiscarded?: string;
  searchQuery: string;
  rewriteMode: RewriteMode;
  scope: SearchScope;
  topK: number;
  minScore: number;
  hits: TraceHit[];
  injectedIds: string[];
  elapsedMs: number;
  error?: string;
}

export interface PreparedTurn {
  trace: RetrievalTrace;
  /** The rendered skills block ('' when nothing is injected). */
  context: string;
  skills: Skill[];
}

type Search = (
  query: string,
  options: { userId: string; scope: SearchScope; limit: number; minScore: number },
) => Promise<SkillHit[]>;

/** Retrieval for one turn: optional rewrite → hybrid search → threshold/top-k → optional model selection → render. */
export async function prepareTurn(
  options: TurnOptions,
  dependencies: {
    search: Search;
    /** The user's standing preferences, injected on every turn before task skills. */
    standing?: (userId: string) => Promise<Skill[]>;
    model?: LanguageModel;
    maxContextChars: number;
  },
): Promise<PreparedTurn> {
  const started = performance.now();
  if (!Array.isArray(options.messages))
    throw new InvalidArgumentError('messages', 'must be an array of chat messages');
  const lastUser = [...options.messages].reverse().find((message) => message?.role === 'user');
  const originalQuery = lastUser ? messageText(lastUser).trim() : '';
  const scope = options.scope ?? 'all';
  const topK = options.topK ?? 1;
  const minScore = options.minScore ?? DEFAULT_MIN_INJECT_SCORE;
  const rewriteMode = options.rewriteMode ?? 'auto';
  if (!Number.isInteger(topK) || topK < 0 || topK > 50)
    throw new InvalidArgumentError('topK', 'must be an integer from 0 to 50');
  if (typeof minScore !== 'number' || minScore < 0 || minScore > 1)
    throw new InvalidArgumentError('minScore', 'must be from 0 to 1');
  if (!['always', 'auto', 'never'].includes(rewriteMode))
    throw new InvalidArgumentError('rewriteMode', 'must be always, auto or never');

  const trace: RetrievalTrace = {
    originalQuery,
    rewrittenQuery: null,
    searchQuery: originalQuery,
    rewriteMode,
    scope,
    topK,
    minScore,
    hits: [],
    injectedIds: [],
    elapsedMs: 0,
  };
  if (!originalQuery || topK === 0) {
    trace.elapsedMs = performance.now() - started;
    return { trace, context: '', skills: [] };
  }
  const history = conversationBefore(options.messages, lastUser as ChatMessage);
  if (dependencies.model && shouldRewrite(rewriteMode, originalQuery, history)) {
    try {
      const rewrite = await rewriteQuery(
        dependencies.model,
        originalQuery,
        history,
        options.abortSignal,
      );
      const verdict = judgeRewrite(rewrite, originalQuery, history);
      if ('query' in verdict) {
        trace.rewrittenQuery = truncateTextTail(verdict.query, 256);
        trace.searchQuery = trace.rewrittenQuery;
      } else trace.rewriteDiscarded = `${verdict.discarded}; searched the original query`;
    } catch (error) {
      trace.error = `query rewrite failed: ${(error as Error).message}`;
    }
  }

  // Search first (it picks up other processes' changes), then the standing preferences.
  const found = await dependencies.search(truncateTextTail(trace.searchQuery, 256), {
    userId: options.userId,
    scope,
    limit: topK + 5,
    minScore: 0,
  });
  const standing =
    scope !== 'common' && dependencies.standing ? await dependencies.standing(options.userId) : [];
  const standingIds = new Set(standing.map((skill) => skill.id));
  const hits = found.filter((hit) => !standingIds.has(hit.skill.id));
  const eligible = hits.filter((hit) => hit.score >= minScore).slice(0, topK);
  let selected = eligible;
  let selectionReason: string | undefined;
  if (options.selectSkills && dependencies.model && eligible.length > 0) {
    try {
      const choice = await selectSkills(
        dependencies.model,
        originalQuery,
        eligible,
        options.abortSignal,
      );
      selected = eligible.filter((hit) => choice.ids.includes(hit.skill.id));
      selectionReason = choice.reason;
    } catch (error) {
      trace.error = `skill selection failed, injecting all eligible hits: ${(error as Error).message}`;
    }
  }
  // Standing preferences first: they apply to every answer and win the context budget.
  const rendered = renderSkillsContext([...standing, ...selected.map((hit) => hit.skill)], {
    query: trace.searchQuery,
    maxChars: options.maxContextChars ?? dependencies.maxContextChars,
  });
  const injected = new Set(rendered.includedIds);
  const truncated = (id: string) => rendered.truncatedIds.includes(id);
  const standingHits: TraceHit[] = standing.map((skill) => ({
    ...hitFields(skill),
    score: 1,
    injected: injected.has(skill.id),
    standing: true,
    reason: !injected.has(skill.id)
      ? 'standing preference; did not fit the context budget'
      : truncated(skill.id)
        ? 'injected: standing preference (truncated to fit the context budget)'
        : 'injected: standing preference',
  }));
  const taskHits: TraceHit[] = hits.map((hit) => {
    const reason = injected.has(hit.skill.id)
      ? truncated(hit.skill.id)
        ? 'injected (truncated to fit the context budget)'
        : 'injected'
      : hit.score < minScore
        ? `score ${hit.score.toFixed(3)} is below min_score ${minScore}`
        : !eligible.includes(hit)
          ? `beyond top_k ${topK}`
          : !selected.includes(hit)
            ? `not selected by the model${selectionReason ? ` (${selectionReason})` : ''}`
            : 'did not fit the context budget';
    return {
      ...hitFields(hit.skill),
      score: hit.score,
      ...(hit.vectorScore === undefined ? {} : { vectorScore: hit.vectorScore }),
      ...(hit.keywordScore === undefined ? {} : { keywordScore: hit.keywordScore }),
      injected: injected.has(hit.skill.id),
      reason,
    };
  });
  trace.hits = [...standingHits, ...taskHits].map((hit, index) => ({ ...hit, rank: index + 1 }));
  trace.injectedIds = rendered.includedIds;
  trace.elapsedMs = performance.now() - started;
  return {
    trace,
    context: rendered.text,
    skills: [...standing, ...selected.map((hit) => hit.skill)].filter((skill) =>
      injected.has(skill.id),
    ),
  };
}

function hitFields(skill: Skill) {
  return {
    rank: 0,
    id: skill.id,
    name: skill.name,
    title: skill.title,
    version: skill.version,
    scope: skill.scope,
    owner: skill.owner,
  };
}

const selectionSchema = z.object({
  use_skills: z.boolean().optional(),
  selected_skill_ids: z.array(z.string()).default([]),
  reason: z.string().optional(),
});

async function selectSkills(
  model: LanguageModel,
  query: string,
  hits: SkillHit[],
  abortSignal?: AbortSignal,
): Promise<{ ids: string[]; reason?: string }> {
  const candidates = hits.map((hit) => ({
    id: hit.skill.id,
    title: hit.skill.title,
    description: hit.skill.description,
    tags: hit.skill.tags.slice(0, 8),
  }));
  const { value } = await generateJson({
    model,
    system:
      'Decide which of the candidate skills should guide the answer to the user request. Select a skill only if it directly matches the current request. Selecting none is a valid answer. Reply with JSON {"use_skills": boolean, "selected_skill_ids": [ids], "reason": "short"}.',
    prompt: JSON.stringify({ request: query, candidates }),
    schema: selectionSchema,
    temperature: 0,
    ...(abortSignal ? { abortSignal } : {}),
  });
  // An explicit "none" is respected (the original fell back to a keyword guess here).
  const ids = value.use_skills === false ? [] : value.selected_skill_ids;
  return { ids, ...(value.reason ? { reason: value.reason } : {}) };
}

/** The system message that carries the rendered skills into a chat request. */
export function skillsSystemMessage(context: string): ChatMessage {
  return { role: 'system', content: context };
}
