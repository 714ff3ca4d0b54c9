import { z } from 'zod';

// Request validators of every route. They validate requests AND generate /openapi.json.

const userField = z
  .string()
  .min(1)
  .max(128)
  .optional()
  .describe('Acting user (refused when it differs from a per-user key).');
const scopeField = z
  .enum(['user', 'common', 'library', 'all'])
  .optional()
  .describe('`library` is an alias of `common`.');
const intFromQuery = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const boolFromQuery = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const contentPart = z.looseObject({ type: z.string() });
export const chatMessageSchema = z.looseObject({
  role: z.string().min(1),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});

/** `POST /v1/chat/completions`: OpenAI's body. Fields not listed pass through to the upstream unchanged. */
export const chatCompletionBody = z.looseObject({
  model: z.string().min(1).optional(),
  messages: z.array(chatMessageSchema).min(1, 'must contain at least one message'),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  user: z.string().optional(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
});

export const embeddingsBody = z.looseObject({
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.array(z.number().int())).min(1),
  ]),
  model: z.string().optional(),
  user: z.string().optional(),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

export const userQuery = z.object({ user: userField });

export const skillsListQuery = z.object({
  user: userField,
  scope: scopeField.describe('`user` (default): your skills; `common`: the library; `all`: both.'),
  limit: intFromQuery(1, 1000, 200),
});

export const skillGetQuery = z.object({ user: userField, include_md: boolFromQuery });

export const skillMdBody = z
  .object({ skill_md: z.string().optional(), md: z.string().optional(), user: userField })
  .refine((body) => (body.skill_md ?? body.md ?? '').trim() !== '', {
    message: 'give the SKILL.md text in "skill_md"',
    path: ['skill_md'],
  });

export const rollbackBody = z.object({
  user: userField,
  to_version: z
    .string()
    .min(1)
    .optional()
    .describe('Version label to restore; default: the previous revision.'),
  to_revision: z.number().int().positive().optional(),
});

export const exportQuery = z.object({
  user: userField,
  format: z.enum(['files', 'md', 'skill_md', 'zip', 'zip_base64']).default('files'),
});

export const searchBody = z
  .object({
    query: z.string().optional(),
    q: z.string().optional(),
    user: userField,
    scope: scopeField,
    limit: z.number().int().min(1).max(200).optional(),
    min_score: z.number().min(0).max(1).optional(),
  })
  .refine((body) => (body.query ?? body.q ?? '').trim() !== '', {
    message: 'give a non-empty "query"',
    path: ['query'],
  });

const fileContent = z.union([
  z.string().describe('UTF-8 text'),
  z.object({ content: z.string(), encoding: z.enum(['utf8', 'base64']).default('utf8') }),
]);

export const importBody = z.object({
  files: z
    .record(z.string().min(1), fileContent)
    .refine((files) => Object.keys(files).length > 0, 'must contain at least one file')
    .describe('Relative path → content, e.g. {"release/SKILL.md": "---\\nname: release…"}.'),
  overwrite: z.boolean().optional(),
  include_files: z.boolean().optional(),
  user: userField,
});

const messagesOrQuery = {
  messages: z.array(chatMessageSchema).optional(),
  query: z.string().optional(),
  hint: z.string().max(2000).optional(),
  user: userField,
};
const needsMessagesOrQuery = (body: {
  messages?: unknown[] | undefined;
  query?: string | undefined;
}) => (body.messages?.length ?? 0) > 0 || (body.query ?? '').trim() !== '';

export const previewBody = z
  .object({
    ...messagesOrQuery,
    scope: scopeField,
    limit: z.number().int().min(1).max(50).optional(),
    min_score: z.number().min(0).max(1).optional(),
    rewrite_mode: z.enum(['always', 'auto', 'never']).optional(),
  })
  .refine(needsMessagesOrQuery, { message: 'give "messages" or a "query"', path: ['messages'] });

export const extractBody = z
  .object({
    ...messagesOrQuery,
    wait: z.boolean().optional().describe('Answer after the job finished.'),
  })
  .refine(needsMessagesOrQuery, { message: 'give "messages" or a "query"', path: ['messages'] });

export const simulateBody = z
  .object(messagesOrQuery)
  .refine(needsMessagesOrQuery, { message: 'give "messages" or a "query"', path: ['messages'] });

export const extractionsListQuery = z.object({ user: userField, limit: intFromQuery(1, 200, 20) });

export const eventsQuery = z.object({ user: userField, timeout_s: intFromQuery(1, 300, 60) });

export const vectorStatusQuery = z.object({ user: userField, scope: scopeField });

export const vectorRebuildBody = z.object({
  user: userField,
  scope: scopeField,
  force: z.boolean().default(false),
  blocking: z.boolean().default(true),
});
