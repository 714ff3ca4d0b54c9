import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { userField, userQuery } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { sessionImportBody, sessionsFromImport } from './session-import';
import {
  MAX_SESSION_MESSAGES,
  MAX_TITLE_LENGTH,
  type StoredSession,
  sessionConfigSchema,
  sessionMessageSchema,
  sessionResponseSchema,
  sessionSummarySchema,
  summaryOf,
  titleFrom,
} from './session-schemas';

const BASE = '/v1/autoskill/sessions';

const notFound = (id: string) =>
  new ProxyHttpError(404, `No session with id ${JSON.stringify(id)}.`, 'not_found');

/** The user of a request without a body (`?user=`, header, per-user key). */
function queryUser(context: ProxyContext, deps: ProxyDependencies): string {
  readQuery(context, userQuery);
  return userOf(context.get('edge'), deps.config.defaultUserId);
}

async function ownSession(
  context: ProxyContext,
  deps: ProxyDependencies,
  userId: string,
): Promise<StoredSession> {
  const id = context.req.param('id') as string;
  const session = await deps.sessions.get(userId, id);
  if (!session) throw notFound(id);
  return session;
}

/** `GET /v1/autoskill/sessions`. */
export const listSessionsRoute: RouteDefinition = {
  method: 'get',
  path: BASE,
  tag: 'sessions',
  capability: 'sessions.list',
  summary: 'Your chat sessions (newest change first, without messages)',
  query: userQuery,
  response: z.object({
    object: z.literal('list'),
    user: z.string(),
    data: z.array(sessionSummarySchema),
  }),
  handle: async (context, deps) => {
    const userId = queryUser(context, deps);
    const sessions = await deps.sessions.list(userId);
    return json({ object: 'list', user: userId, data: sessions.map(summaryOf) });
  },
};

const createBody = z.object({
  user: userField,
  title: z.string().trim().min(1).max(MAX_TITLE_LENGTH).optional(),
  config: sessionConfigSchema.optional(),
  messages: z.array(sessionMessageSchema).max(MAX_SESSION_MESSAGES).optional(),
});

/** `POST /v1/autoskill/sessions`. */
export const createSessionRoute: RouteDefinition = {
  method: 'post',
  path: BASE,
  tag: 'sessions',
  capability: 'sessions.create',
  summary: 'Start a chat session (optionally with a title, settings and messages)',
  body: createBody,
  response: sessionResponseSchema,
  handle: async (context, deps) => {
    const edge = context.get('edge');
    const body = await readJson(edge, createBody);
    const userId = userOf(edge, deps.config.defaultUserId, body.user);
    const now = Date.now();
    const messages = body.messages ?? [];
    const session: StoredSession = {
      object: 'autoskill.session',
      version: 1,
      id: deps.sessions.newId(),
      user: userId,
      title: body.title ?? titleFrom(messages),
      created_at: now,
      updated_at: now,
      config: body.config ?? {},
      messages,
    };
    return json(await deps.sessions.save(session));
  },
};

/** `POST /v1/autoskill/sessions/import`. */
export const importSessionsRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/import`,
  tag: 'sessions',
  capability: 'sessions.import',
  summary:
    "Import sessions: the original AutoSkill web UI's session file ({version, user_id, sessions}) or a session exported here; they go to your space (a file's user_id is not trusted); the same id again replaces it",
  body: sessionImportBody,
  response: z.object({
    object: z.literal('list'),
    user: z.string(),
    imported_count: z.number(),
    data: z.array(sessionSummarySchema),
  }),
  handle: async (context, deps) => {
    const edge = context.get('edge');
    const body = await readJson(edge, sessionImportBody);
    const userId = userOf(edge, deps.config.defaultUserId);
    const sessions = sessionsFromImport(body, userId, () => deps.sessions.newId());
    for (const session of sessions) await deps.sessions.save(session);
    return json({
      object: 'list',
      user: userId,
      imported_count: sessions.length,
      data: sessions.map(summaryOf),
    });
  },
};

/** `GET /v1/autoskill/sessions/{id}`. */
export const getSessionRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:id`,
  tag: 'sessions',
  capability: 'sessions.get',
  summary: 'One of your sessions with its messages',
  query: userQuery,
  response: sessionResponseSchema,
  handle: async (context, deps) => json(await ownSession(context, deps, queryUser(context, deps))),
};

// The fields of a new session, at least one of them.
const updateBody = createBody.refine(
  (body) => body.title !== undefined || body.config !== undefined || body.messages !== undefined,
  { message: 'give "title", "config" or "messages"', path: ['title'] },
);

/** `PUT /v1/autoskill/sessions/{id}`. */
export const updateSessionRoute: RouteDefinition = {
  method: 'put',
  path: `${BASE}/:id`,
  tag: 'sessions',
  capability: 'sessions.update',
  summary: 'Rename a session or replace its settings or messages',
  body: updateBody,
  response: sessionResponseSchema,
  handle: async (context, deps) => {
    const edge = context.get('edge');
    const body = await readJson(edge, updateBody);
    const userId = userOf(edge, deps.config.defaultUserId, body.user);
    const id = context.req.param('id') as string;
    const updated = await deps.sessions.update(userId, id, (session) => {
      const messages = body.messages ?? session.messages;
      const untitled = session.title === 'New chat' && body.title === undefined;
      return {
        ...session,
        ...(body.config ? { config: body.config } : {}),
        messages,
        title: body.title ?? (untitled ? titleFrom(messages) : session.title),
        updated_at: Math.max(Date.now(), session.updated_at + 1),
      };
    });
    if (!updated) throw notFound(id);
    return json(updated);
  },
};

/** `DELETE /v1/autoskill/sessions/{id}`. */
export const deleteSessionRoute: RouteDefinition = {
  method: 'delete',
  path: `${BASE}/:id`,
  tag: 'sessions',
  capability: 'sessions.delete',
  summary: 'Delete one of your sessions',
  query: userQuery,
  response: z.object({ ok: z.literal(true), deleted: z.literal(true), session_id: z.string() }),
  handle: async (context, deps) => {
    const userId = queryUser(context, deps);
    const id = context.req.param('id') as string;
    if (!(await deps.sessions.delete(userId, id))) throw notFound(id);
    return json({ ok: true, deleted: true, session_id: id });
  },
};

/** `GET /v1/autoskill/sessions/{id}/export`. */
export const exportSessionRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:id/export`,
  tag: 'sessions',
  capability: 'sessions.export',
  summary: 'Download one of your sessions as JSON (importable again)',
  query: userQuery,
  response: sessionResponseSchema,
  handle: async (context, deps) => {
    const session = await ownSession(context, deps, queryUser(context, deps));
    return json(session, 200, {
      'content-disposition': `attachment; filename="autoskill-session-${session.id}.json"`,
    });
  },
};
