import type { RetrievalTrace } from '@autoskill/sdk';
import { z } from 'zod';
import { skillSource } from '../management/skills/skill-json';
import { redactUpstreamText } from '../upstream/redact-upstream-text';

/** A score or duration rounded to 4 decimals for the wire. */
export function roundScore(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The retrieval trace in the proxy's snake_case wire form. */
export function traceJson(trace: RetrievalTrace) {
  return {
    original_query: trace.originalQuery,
    rewritten_query: trace.rewrittenQuery,
    rewrite_discarded: trace.rewriteDiscarded ?? null,
    search_query: trace.searchQuery,
    rewrite_mode: trace.rewriteMode,
    scope: trace.scope,
    top_k: trace.topK,
    min_score: trace.minScore,
    hits: trace.hits.map((hit) => ({
      rank: hit.rank,
      id: hit.id,
      name: hit.name,
      title: hit.title,
      version: hit.version,
      scope: hit.scope,
      owner: hit.owner,
      source: skillSource(hit),
      score: roundScore(hit.score),
      ...(hit.vectorScore === undefined ? {} : { vector_score: roundScore(hit.vectorScore) }),
      ...(hit.keywordScore === undefined ? {} : { keyword_score: roundScore(hit.keywordScore) }),
      injected: hit.injected,
      standing: hit.standing === true,
      reason: hit.reason,
    })),
    selected_for_context_ids: trace.injectedIds,
    context_injected: trace.injectedIds.length > 0,
    elapsed_ms: roundScore(trace.elapsedMs),
    // A failed query rewrite quotes the vendor: no key-looking token reaches the client.
    error: trace.error === undefined ? null : redactUpstreamText(trace.error, []),
  };
}

export type TraceJson = ReturnType<typeof traceJson>;

/** `traceJson` as a schema (for /openapi.json); chat traces add `cache_hit`. */
export const traceSchema = z.object({
  original_query: z.string(),
  rewritten_query: z.string().nullable(),
  rewrite_discarded: z
    .string()
    .nullable()
    .describe("Why the model's rewrite was not used (the original query was searched)"),
  search_query: z.string(),
  rewrite_mode: z.string(),
  scope: z.string(),
  top_k: z.number().int(),
  min_score: z.number(),
  hits: z.array(
    z.object({
      rank: z.number().int(),
      id: z.string(),
      name: z.string(),
      title: z.string(),
      version: z.string(),
      scope: z.string(),
      owner: z.string(),
      source: z.string(),
      score: z.number(),
      vector_score: z.number().optional(),
      keyword_score: z.number().optional(),
      injected: z.boolean(),
      standing: z
        .boolean()
        .describe('A standing preference of the user: applied to every answer, not by relevance'),
      reason: z.string().describe('Why it was injected or skipped'),
    }),
  ),
  selected_for_context_ids: z.array(z.string()),
  context_injected: z.boolean(),
  elapsed_ms: z.number(),
  error: z.string().nullable(),
  cache_hit: z
    .boolean()
    .optional()
    .describe('Chat only: the retrieval result was reused from an identical recent request'),
});
