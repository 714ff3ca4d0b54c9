import type { Skill } from '@autoskill/core';
import type { ExtractionJob, RetrievalTrace } from '@autoskill/sdk';

/** `user:<id>` or `library:<name>` — where a skill comes from. */
export function skillSource(skill: Pick<Skill, 'scope' | 'owner'>): string {
  return skill.scope === 'user' ? `user:${skill.owner}` : `library:${skill.owner}`;
}

/** The list form of a skill (§7 summary fields plus `title` and `scope`). */
export function skillSummary(skill: Skill) {
  return {
    id: skill.id,
    name: skill.name,
    title: skill.title,
    description: skill.description,
    version: skill.version,
    owner: skill.owner,
    scope: skill.scope,
    source: skillSource(skill),
    tags: skill.tags,
    triggers: skill.triggers,
    resource_paths: skill.files.slice(0, 16),
    created_at: skill.createdAt ?? null,
    updated_at: skill.updatedAt ?? null,
  };
}

/** The full form: summary + instructions, examples, metadata. Raw source conversations are never exposed. */
export function skillDetail(skill: Skill, skillMd?: string) {
  return {
    ...skillSummary(skill),
    instructions: skill.instructions,
    examples: skill.examples,
    metadata: skill.metadata,
    revision: skill.revision,
    resource_paths: skill.files,
    ...(skillMd === undefined ? {} : { skill_md: skillMd }),
  };
}

/** The retrieval trace in the proxy's snake_case wire form. */
export function traceJson(trace: RetrievalTrace) {
  return {
    original_query: trace.originalQuery,
    rewritten_query: trace.rewrittenQuery,
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
      score: round(hit.score),
      ...(hit.vectorScore === undefined ? {} : { vector_score: round(hit.vectorScore) }),
      ...(hit.keywordScore === undefined ? {} : { keyword_score: round(hit.keywordScore) }),
      injected: hit.injected,
      reason: hit.reason,
    })),
    selected_for_context_ids: trace.injectedIds,
    context_injected: trace.injectedIds.length > 0,
    elapsed_ms: round(trace.elapsedMs),
    error: trace.error ?? null,
  };
}

export type TraceJson = ReturnType<typeof traceJson>;

/** An extraction job as the §7 "extraction event". */
export function jobEvent(job: ExtractionJob) {
  const upserted = [...(job.result?.added ?? []), ...(job.result?.merged ?? [])];
  return {
    job_id: job.id,
    user_id: job.userId,
    trigger: job.trigger,
    status: job.status,
    event_time: Date.parse(job.history.at(-1)?.at ?? job.createdAt),
    created_at: job.createdAt,
    started_at: job.startedAt ?? null,
    finished_at: job.finishedAt ?? null,
    history: job.history,
    upserted,
    added: job.result?.added ?? [],
    merged: job.result?.merged ?? [],
    discarded: job.result?.discarded ?? false,
    reason: job.result?.reason ?? null,
    error: job.error ?? null,
  };
}

export function isTerminal(job: Pick<ExtractionJob, 'status'>): boolean {
  return job.status === 'completed' || job.status === 'failed';
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
