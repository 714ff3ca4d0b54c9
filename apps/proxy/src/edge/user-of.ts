import type { EdgeRequest } from './edge-request';
import { resolveUserId } from './identity';

/**
 * The user a request acts as (see `resolveUserId`): `bodyUser` is the JSON body's `user`, then
 * `X-AutoSkill-User`, then `?user=`, then `defaultUserId`.
 */
export function userOf(request: EdgeRequest, defaultUserId: string, bodyUser?: unknown): string {
  const user = resolveUserId({
    caller: request.caller,
    bodyUser,
    headerUser: request.header('x-autoskill-user'),
    queryUser: request.query('user'),
    defaultUserId,
  });
  if (request.access) request.access.user = user;
  return user;
}
