import {
  assertSafeUserId,
  InvalidArgumentError,
  parseSearchScope,
  type SearchScope,
} from '@autoskill/core';
import type { SearchOptions } from './types';

/** Validated search options with defaults applied. */
export interface ResolvedSearchOptions {
  scope: SearchScope;
  userId: string | undefined;
  limit: number;
  minScore: number;
}

/** Checks `search` options (typed errors naming the bad field) and fills in the defaults. */
export function resolveSearchOptions(
  options: SearchOptions,
  defaultLimit: number,
): ResolvedSearchOptions {
  const userId = options.userId;
  if (userId !== undefined) assertSafeUserId(userId);
  const requested = parseSearchScope(options.scope, { fallback: 'all' });
  if (requested === 'user' && userId === undefined)
    throw new InvalidArgumentError('userId', 'is required for scope "user"');
  // Without a user, "all" can only mean the shared library.
  const scope = requested === 'all' && userId === undefined ? 'common' : requested;
  const limit = options.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new InvalidArgumentError('limit', 'must be an integer from 1 to 1000');
  const minScore = options.minScore ?? 0;
  if (typeof minScore !== 'number' || Number.isNaN(minScore) || minScore < 0 || minScore > 1)
    throw new InvalidArgumentError('minScore', 'must be a number from 0 to 1');
  return { scope, userId, limit, minScore };
}

/** Checks `list` options: the user's skills by default, `all` when no user is named. */
export function resolveListOptions(options: { userId?: string; scope?: SearchScope }): {
  scope: SearchScope;
  owner: string | undefined;
} {
  const owner = options.userId;
  if (owner !== undefined) assertSafeUserId(owner);
  const scope = parseSearchScope(options.scope, { fallback: owner ? 'user' : 'all' });
  if (scope === 'user' && !owner)
    throw new InvalidArgumentError('userId', 'is required for scope "user"');
  return { scope, owner };
}
