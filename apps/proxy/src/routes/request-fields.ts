import { SEARCH_SCOPE_INPUTS } from '@autoskill/core';
import { z } from 'zod';

// Request fields several routes share. Each route's own validators live in its route file; they
// validate requests AND generate /openapi.json.

/** `user`: the acting user. */
export const userField = z
  .string()
  .min(1)
  .max(128)
  .optional()
  .describe('Acting user (refused when it differs from a per-user key).');

/** `scope`: read with core's `parseSearchScope` (`library` means `common`). */
export const scopeField = z
  .enum(SEARCH_SCOPE_INPUTS)
  .optional()
  .describe('`library` is an alias of `common`.');

/** An integer query parameter with bounds and a default. */
export const intFromQuery = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** A yes/no query parameter (`1`, `true`, `yes` → true). */
export const boolFromQuery = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** Routes whose only parameter is `?user=`. */
export const userQuery = z.object({ user: userField });

const contentPart = z.looseObject({ type: z.string() });

/** One OpenAI chat message (content: text, parts or null; other fields pass through). */
export const chatMessageSchema = z.looseObject({
  role: z.string().min(1),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
});

/** Bodies that take a conversation (`messages`) or a single `query`. */
export const messagesOrQuery = {
  messages: z.array(chatMessageSchema).optional(),
  query: z.string().optional(),
  hint: z.string().max(2000).optional(),
  user: userField,
};

/** The check of `messagesOrQuery` bodies: one of the two must be given. */
export const needsMessagesOrQuery = (body: {
  messages?: unknown[] | undefined;
  query?: string | undefined;
}) => (body.messages?.length ?? 0) > 0 || (body.query ?? '').trim() !== '';

/** The issue `needsMessagesOrQuery` reports. */
export const messagesOrQueryIssue = { message: 'give "messages" or a "query"', path: ['messages'] };
