import { z } from 'zod';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { userQuery } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';

/** Who the request acts as and how it was authenticated (the studio shows whose space it is). */
async function whoami(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const edge = context.get('edge');
  const user = userOf(edge, deps.config.defaultUserId);
  const auth = edge.caller.boundByHeader
    ? 'identity_header'
    : !deps.keys.enabled
      ? 'none'
      : edge.caller.boundUserId !== undefined
        ? 'user_key'
        : 'proxy_key';
  const runtime = await deps.autoskill.ready();
  return json({
    object: 'autoskill.identity',
    user,
    auth,
    // Only the operator (or an open local server) learns where the store is.
    store:
      auth === 'user_key' || auth === 'identity_header' ? null : (runtime.storeDirectory ?? null),
  });
}

/** `GET /v1/autoskill/whoami`. */
export const whoamiRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/whoami',
  tag: 'meta',
  capability: 'meta.whoami',
  summary: 'The user this request acts as and how it was authenticated',
  query: userQuery,
  response: z.object({
    object: z.literal('autoskill.identity'),
    user: z.string(),
    auth: z.enum(['none', 'proxy_key', 'user_key', 'identity_header']),
    store: z.string().nullable(),
  }),
  handle: whoami,
};
