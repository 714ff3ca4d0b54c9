import { z } from 'zod';

/** A session id: letters, digits, `_` and `-` (UUIDs fit), at most 80 characters. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

export const MAX_SESSION_MESSAGES = 5000;
export const MAX_TITLE_LENGTH = 200;

/** One chat message of a session; `trace_id` / `job_id` link the turn's trace and learning job. */
export const sessionMessageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string().max(1_000_000),
  created_at: z.number().int().nonnegative().optional(),
  trace_id: z.string().max(200).optional(),
  job_id: z.string().max(200).optional(),
  /** What the page keeps about the turn (retrieval summary, learning outcome); opaque to the server. */
  meta: z.record(z.string(), z.unknown()).optional(),
});

/** Session settings the page sends with each turn (e.g. `scope`); opaque to the server. */
export const sessionConfigSchema = z.record(z.string(), z.unknown());

export type SessionMessage = z.output<typeof sessionMessageSchema>;

/** A session as stored and returned. */
export interface StoredSession {
  object: 'autoskill.session';
  version: 1;
  id: string;
  user: string;
  title: string;
  created_at: number;
  updated_at: number;
  config: Record<string, unknown>;
  messages: SessionMessage[];
  /** Set on sessions imported from the original AutoSkill web UI: where from, and its raw trace. */
  imported_from?: {
    format: 'autoskill-web-ui' | 'autoskill-studio';
    session_id: string;
    user_id: string | null;
    trace?: unknown;
  };
}

/** The list view of a session (no messages). */
export interface SessionSummary {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  message_count: number;
  imported: boolean;
}

export const sessionSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  message_count: z.number(),
  imported: z.boolean(),
});

export const sessionResponseSchema = z.object({
  object: z.literal('autoskill.session'),
  version: z.literal(1),
  id: z.string(),
  user: z.string(),
  title: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  config: sessionConfigSchema,
  messages: z.array(sessionMessageSchema),
  imported_from: z.record(z.string(), z.unknown()).optional(),
});

/** The title a session gets from its first user message (≤ 32 characters, as the original did). */
export function titleFrom(messages: readonly SessionMessage[]): string {
  const first = messages.find((message) => message.role === 'user')?.content.trim() ?? '';
  const line = first.split('\n')[0]?.trim() ?? '';
  const chars = [...line];
  return chars.length === 0
    ? 'New chat'
    : chars.length > 32
      ? `${chars.slice(0, 32).join('')}…`
      : line;
}

/** The summary of a stored session. */
export function summaryOf(session: StoredSession): SessionSummary {
  return {
    id: session.id,
    title: session.title,
    created_at: session.created_at,
    updated_at: session.updated_at,
    message_count: session.messages.length,
    imported: session.imported_from !== undefined,
  };
}
