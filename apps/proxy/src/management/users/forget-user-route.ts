import { AutoSkillError, assertSafeUserId } from '@autoskill/core';
import { z } from 'zod';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { requireAdmin } from './admin-key';

/** Bus topic: a user was forgotten; every process drops what it keeps of them in memory. */
export const USER_FORGOTTEN = 'user-forgotten';

/** Drops what this process keeps of a user in memory (traces, turn counts); returns the traces dropped. */
export function forgetUserInMemory(deps: ProxyDependencies, userId: string): number {
  deps.learner.forgetUser(userId);
  deps.retrievalCache.clear();
  return deps.traces.forgetUser(userId);
}

/**
 * When another process forgot a user: drops what this one keeps of them in memory, then forgets
 * them here too. That waits for a learning job of theirs this process is running (the per-user
 * lock), drops their jobs waiting here, and deletes what such a job wrote after the first process
 * had deleted everything — so a job in flight elsewhere cannot bring the user's skills back.
 */
export function listenForForgottenUsers(deps: ProxyDependencies): void {
  deps.bus.on(USER_FORGOTTEN, (payload) => {
    if (typeof payload !== 'string') return;
    try {
      assertSafeUserId(payload);
    } catch {
      return;
    }
    forgetUserInMemory(deps, payload);
    void deps.autoskill
      .forgetUser(payload)
      .then(() => forgetUserInMemory(deps, payload))
      .catch((error: unknown) =>
        deps.autoskill.logger.warn(
          `could not forget user ${payload} after another process did: ${String(error)}`,
        ),
      );
  });
}

/** The one user id of the path, checked: never a pattern, never a path. */
function pathUserId(context: ProxyContext): string {
  const userId = context.req.param('user_id') ?? '';
  try {
    assertSafeUserId(userId);
  } catch (error) {
    const reason = AutoSkillError.isInstance(error) ? error.message : 'invalid user id';
    throw new ProxyHttpError(400, reason, 'invalid_user', 'invalid_request_error', 'user_id');
  }
  return userId;
}

async function forgetUser(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  requireAdmin(edge, deps.config.adminApiKey);
  const userId = pathUserId(context);
  // Sessions first (their own lock), then skills, jobs and per-user areas, then memory.
  const sessions = await deps.sessions.forgetUser(userId);
  const report = await deps.autoskill.forgetUser(userId);
  const traces = forgetUserInMemory(deps, userId);
  deps.bus.broadcast(USER_FORGOTTEN, userId);
  return json({
    ok: true,
    object: 'autoskill.user_forgotten',
    user_id: userId,
    deleted_skills: report.deletedSkills,
    forgotten_jobs: report.forgottenJobs,
    removed_sessions: sessions,
    removed_traces: traces,
    removed_areas: report.removedAreas,
  });
}

/** `DELETE /v1/autoskill/users/{user_id}` (admin key). */
export const forgetUserRoute: RouteDefinition = {
  method: 'delete',
  path: '/v1/autoskill/users/:user_id',
  tag: 'meta',
  capability: 'users.forget',
  changesSkills: true,
  summary:
    'Forget one user: skills with every version, vectors, keyword entries, chat sessions, learning jobs, traces, drafts and usage (admin key in X-AutoSkill-Admin-Key)',
  response: z.object({
    ok: z.literal(true),
    object: z.literal('autoskill.user_forgotten'),
    user_id: z.string(),
    deleted_skills: z.number(),
    forgotten_jobs: z.number(),
    removed_sessions: z.boolean(),
    removed_traces: z.number(),
    removed_areas: z.array(z.string()),
  }),
  handle: forgetUser,
};
