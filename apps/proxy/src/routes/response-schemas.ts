import { z } from 'zod';

// Response shapes, for /openapi.json only (responses are built by serializers.ts).

export const errorResponseSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});

const skillSummary = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.string(),
  owner: z.string(),
  scope: z.enum(['user', 'common']),
  source: z.string().describe('`user:<id>` or `library:<name>`'),
  tags: z.array(z.string()),
  triggers: z.array(z.string()),
  resource_paths: z.array(z.string()),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});

const skillDetail = skillSummary.extend({
  instructions: z.string(),
  examples: z.array(
    z.object({ input: z.string(), output: z.string().optional(), notes: z.string().optional() }),
  ),
  metadata: z.record(z.string(), z.string()),
  revision: z.number().int(),
  skill_md: z.string().optional(),
});

export const listResponse = z.object({
  object: z.literal('list'),
  user: z.string(),
  scope: z.string(),
  data: z.array(skillSummary),
});
export const skillResponse = z.object({
  ok: z.boolean().optional(),
  object: z.literal('skill'),
  data: skillDetail,
  history_count: z.number().int().optional(),
  restored_from: z
    .object({ version: z.string(), revision: z.number().int(), updated_at: z.string() })
    .nullable()
    .optional(),
});
export const mdResponse = z.object({
  object: z.literal('skill_md'),
  skill_id: z.string(),
  name: z.string(),
  version: z.string(),
  skill_md: z.string(),
});
export const versionsResponse = z.object({
  object: z.literal('list'),
  skill_id: z.string(),
  name: z.string(),
  data: z.array(
    z.object({
      version: z.string(),
      revision: z.number().int(),
      reason: z.string().nullable(),
      restored_from: z.number().int().nullable(),
      updated_at: z.string(),
      is_current: z.boolean(),
    }),
  ),
});
const exportedFile = z.union([
  z.string(),
  z.object({ content: z.string(), encoding: z.literal('base64') }),
]);
export const exportResponse = z.object({
  object: z.literal('skill_export'),
  skill_id: z.string(),
  name: z.string(),
  version: z.string(),
  format: z.enum(['files', 'md', 'zip_base64']),
  files: z.record(z.string(), exportedFile).optional(),
  skill_md: z.string().optional(),
  file_name: z.string().optional(),
  zip_base64: z.string().optional(),
});
const searchHit = z.object({
  rank: z.number().int(),
  score: z.number(),
  id: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  resource_paths: z.array(z.string()),
  source: z.string(),
  owner: z.string(),
  version: z.string(),
  skill: skillSummary,
});
export const searchResponse = z.object({
  object: z.literal('list'),
  query: z.string(),
  user: z.string(),
  scope: z.string(),
  data: z.array(searchHit),
  data_user: z.array(searchHit),
  data_library: z.array(searchHit),
  error: z.string().nullable(),
});
export const importResponse = z.object({
  ok: z.boolean(),
  object: z.literal('list'),
  user: z.string(),
  imported_count: z.number().int(),
  data: z.array(skillSummary),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
});

export const traceSchema = z.object({
  original_query: z.string(),
  rewritten_query: z.string().nullable(),
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

export const previewResponse = traceSchema.extend({
  object: z.literal('retrieval_preview'),
  user: z.string(),
  query: z.string(),
  latest_user_query: z.string(),
  hits_user: traceSchema.shape.hits,
  hits_library: traceSchema.shape.hits,
  selected_skills: z.array(skillSummary),
  context: z.string(),
});

const learned = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  version: z.string(),
});
export const extractionEvent = z.object({
  job_id: z.string(),
  user_id: z.string(),
  trigger: z.string(),
  status: z.enum(['scheduled', 'running', 'completed', 'failed']),
  event_time: z.number().describe('ms since epoch of the last status change'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  history: z.array(z.object({ status: z.string(), at: z.string() })),
  upserted: z.array(learned),
  added: z.array(learned),
  merged: z.array(learned),
  discarded: z.boolean(),
  reason: z.string().nullable(),
  error: z.string().nullable(),
});
export const extractionEventResponse = z.object({
  object: z.literal('extraction_event'),
  data: extractionEvent.nullable(),
});
export const extractionListResponse = z.object({
  object: z.literal('list'),
  data: z.array(extractionEvent),
});
export const simulationResponse = z.object({
  object: z.literal('extraction_simulation'),
  user: z.string(),
  count: z.number().int(),
  reason: z.string(),
  skills: z.array(
    z.object({
      name: z.string(),
      title: z.string().optional(),
      description: z.string(),
      instructions: z.string(),
      triggers: z.array(z.string()),
      tags: z.array(z.string()),
      examples: z.array(z.object({ input: z.string(), output: z.string().optional() })),
      confidence: z.number(),
      resource_paths: z.array(z.string()),
    }),
  ),
});

export const traceResponse = z.object({
  object: z.literal('autoskill.trace'),
  trace_id: z.string(),
  user: z.string(),
  created_at: z.string(),
  retrieval: traceSchema,
  learning: z.string(),
  extraction: extractionEvent.nullable(),
});

export const vectorStatusResponse = z.object({
  object: z.literal('vector_status'),
  data: z.object({
    index: z.string(),
    dimensions: z.number(),
    embeddings: z.string(),
    totalSkills: z.number(),
    indexedSkills: z.number(),
    missingSkills: z.number(),
  }),
});
export const vectorRebuildResponse = z.object({
  ok: z.boolean(),
  object: z.literal('vector_rebuild'),
  data: z.object({
    user: z.string(),
    scope: z.string(),
    force: z.boolean(),
    blocking: z.boolean(),
    rebuilt: z.number().nullable(),
    status: vectorStatusResponse.shape.data.nullable(),
  }),
});

export const healthResponse = z.object({ ok: z.literal(true) });
export const modelsResponse = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      id: z.string(),
      object: z.literal('model'),
      created: z.number(),
      owned_by: z.string(),
    }),
  ),
});
export const embeddingsResponse = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({
      object: z.literal('embedding'),
      index: z.number().int(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  model: z.string(),
  usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number() }),
});
export const chatCompletionResponse = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      message: z.looseObject({ role: z.string(), content: z.string().nullable() }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: z.looseObject({}).optional(),
  autoskill: z
    .object({
      trace_id: z.string(),
      retrieval: traceSchema,
      extraction: z.object({ job_id: z.string(), status: z.string() }).nullable(),
    })
    .optional()
    .describe('Omitted with the header `X-AutoSkill-Trace: off`'),
});
export const capabilitiesResponse = z.object({
  object: z.literal('autoskill.capabilities'),
  data: z.record(z.string(), z.unknown()),
});
