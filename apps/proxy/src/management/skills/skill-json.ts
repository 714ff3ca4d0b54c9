import type { Skill } from '@autoskill/core';
import { z } from 'zod';

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

/** `skillSummary` as a schema (for /openapi.json). */
export const skillSummarySchema = z.object({
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

/** `skillDetail` as a schema. */
export const skillDetailSchema = skillSummarySchema.extend({
  instructions: z.string(),
  examples: z.array(
    z.object({ input: z.string(), output: z.string().optional(), notes: z.string().optional() }),
  ),
  metadata: z.record(z.string(), z.string()),
  revision: z.number().int(),
  skill_md: z.string().optional(),
  usage: z
    .object({
      retrieved: z.number().int(),
      injected: z.number().int(),
      used: z.number().int(),
      last_retrieved_at: z.string().nullable(),
      last_injected_at: z.string().nullable(),
      last_used_at: z.string().nullable(),
    })
    .optional()
    .describe('How often the skill was retrieved, injected and judged used (GET only)'),
});

/** The answer of the routes that return one skill (get, save, rollback). */
export const skillResponse = z.object({
  ok: z.boolean().optional(),
  object: z.literal('skill'),
  data: skillDetailSchema,
  history_count: z.number().int().optional(),
  restored_from: z
    .object({ version: z.string(), revision: z.number().int(), updated_at: z.string() })
    .nullable()
    .optional(),
});
