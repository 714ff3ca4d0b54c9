import { InvalidArgumentError } from '../errors/errors';
import type { SearchScope } from './skill';

/** Every spelling a user may give for a scope: the three scopes plus `library`, the original's word for `common`. */
export const SEARCH_SCOPE_INPUTS = ['user', 'common', 'all', 'library'] as const;

/** A scope as a user may spell it. */
export type SearchScopeInput = (typeof SEARCH_SCOPE_INPUTS)[number];

/**
 * Reads a scope given by a user (flag, query string, request body, slash command): `library`
 * means `common`, `undefined` gives `fallback`. Anything else throws `InvalidArgumentError`
 * naming `field`.
 *
 * @example
 * parseSearchScope('library'); // 'common'
 * parseSearchScope(undefined, { fallback: 'all' }); // 'all'
 */
export function parseSearchScope(
  value: unknown,
  options: { field?: string; fallback?: SearchScope } = {},
): SearchScope {
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  if (value === 'library') return 'common';
  if (value === 'user' || value === 'common' || value === 'all') return value;
  throw new InvalidArgumentError(
    options.field ?? 'scope',
    `must be user, common (or library) or all (got ${JSON.stringify(value)})`,
  );
}

/** True for every spelling `parseSearchScope` accepts. */
export function isSearchScopeInput(value: unknown): value is SearchScopeInput {
  return (SEARCH_SCOPE_INPUTS as readonly unknown[]).includes(value);
}
