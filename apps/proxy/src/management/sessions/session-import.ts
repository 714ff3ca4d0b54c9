import { z } from 'zod';
import {
  MAX_SESSION_MESSAGES,
  MAX_TITLE_LENGTH,
  SESSION_ID_PATTERN,
  type SessionMessage,
  type StoredSession,
  sessionConfigSchema,
  sessionMessageSchema,
  titleFrom,
} from './session-schemas';

const originalMessage = z.looseObject({
  role: z.string(),
  content: z.unknown().optional(),
});

/** One session of the original AutoSkill web UI's `web_sessions/<user>.json`. */
const originalSession = z.looseObject({
  id: z.string().min(1).max(200),
  meta: z
    .looseObject({
      title: z.string().optional(),
      created_at_ms: z.number().optional(),
      updated_at_ms: z.number().optional(),
    })
    .optional(),
  state: z
    .looseObject({
      config: z.record(z.string(), z.unknown()).optional(),
      messages: z.array(originalMessage).max(MAX_SESSION_MESSAGES).optional(),
    })
    .optional(),
  trace: z.unknown().optional(),
});

/** The original web UI's session file: `{version, user_id, sessions: [...]}`. */
export const originalSessionFile = z.looseObject({
  version: z.number().optional(),
  user_id: z.string().optional(),
  sessions: z.array(originalSession).max(1000),
});

/** A session exported by this studio (`GET /v1/autoskill/sessions/{id}/export`). */
export const studioSessionFile = z.object({
  object: z.literal('autoskill.session'),
  version: z.literal(1),
  id: z.string().regex(SESSION_ID_PATTERN),
  user: z.string().optional(),
  title: z.string().max(MAX_TITLE_LENGTH),
  created_at: z.number(),
  updated_at: z.number(),
  config: sessionConfigSchema.default({}),
  messages: z.array(sessionMessageSchema).max(MAX_SESSION_MESSAGES),
  imported_from: z.unknown().optional(),
});

/** What `POST /v1/autoskill/sessions/import` accepts: either file, as the JSON body. */
export const sessionImportBody = z.union([originalSessionFile, studioSessionFile]);

/** Text of an original message (strings kept; content parts joined by their text). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) =>
        typeof part === 'object' && part !== null && typeof part.text === 'string' ? part.text : '',
      )
      .join('');
  return '';
}

function isStudioFile(body: unknown): body is z.output<typeof studioSessionFile> {
  return (body as { object?: unknown }).object === 'autoskill.session';
}

/** A stored id for an imported session: its own when safe, else a fresh one. */
function idFor(id: string, fresh: () => string): string {
  return SESSION_ID_PATTERN.test(id) ? id : fresh();
}

/**
 * Turns an import body into sessions of `userId` (the caller: a file's `user_id` never decides
 * whose space it goes to). Messages keep role and text; the original trace is kept beside them.
 */
export function sessionsFromImport(
  body: z.output<typeof sessionImportBody>,
  userId: string,
  fresh: () => string,
  now = Date.now(),
): StoredSession[] {
  if (isStudioFile(body)) {
    return [
      {
        ...body,
        user: userId,
        imported_from: {
          format: 'autoskill-studio',
          session_id: body.id,
          user_id: body.user ?? null,
        },
      },
    ];
  }
  const file = body as z.output<typeof originalSessionFile>;
  return file.sessions.map((session) => {
    const messages: SessionMessage[] = (session.state?.messages ?? [])
      .filter((message) => ['user', 'assistant', 'system'].includes(message.role))
      .map((message) => ({
        role: message.role as SessionMessage['role'],
        content: textOf(message.content),
      }));
    const created = session.meta?.created_at_ms ?? now;
    const title = (session.meta?.title ?? '').trim() || titleFrom(messages);
    return {
      object: 'autoskill.session',
      version: 1,
      id: idFor(session.id, fresh),
      user: userId,
      title: [...title].slice(0, MAX_TITLE_LENGTH).join(''),
      created_at: created,
      updated_at: session.meta?.updated_at_ms ?? created,
      config: pickConfig(session.state?.config),
      messages,
      imported_from: {
        format: 'autoskill-web-ui',
        session_id: session.id,
        user_id: file.user_id ?? null,
        trace: session.trace,
      },
    };
  });
}

/** The settings of an original session that mean something here (never its store path). */
function pickConfig(config: Record<string, unknown> | undefined): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of [
    'skill_scope',
    'rewrite_mode',
    'extract_mode',
    'extract_turn_limit',
    'min_score',
    'top_k',
  ])
    if (config?.[key] !== undefined) kept[key] = config[key];
  if (typeof kept.skill_scope === 'string') kept.scope = kept.skill_scope;
  return kept;
}
