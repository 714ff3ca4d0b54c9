import { describe, expect, it } from 'vitest';
import { AutoSkillError } from '../errors/autoskill-error';
import { isSearchScopeInput, parseSearchScope } from './search-scope';

describe('parseSearchScope', () => {
  it('reads the three scopes and the library alias', () => {
    expect(parseSearchScope('user')).toBe('user');
    expect(parseSearchScope('common')).toBe('common');
    expect(parseSearchScope('library')).toBe('common');
    expect(parseSearchScope('all')).toBe('all');
    expect(parseSearchScope(undefined, { fallback: 'user' })).toBe('user');
  });

  it('refuses anything else with an error that names the field', () => {
    for (const bad of ['everyone', '', 'ALL', 3, null, undefined]) {
      let caught: unknown;
      try {
        parseSearchScope(bad, { field: 'skill_scope' });
      } catch (error) {
        caught = error;
      }
      expect(AutoSkillError.hasCode(caught, 'INVALID_ARGUMENT')).toBe(true);
      expect((caught as Error).message).toContain('skill_scope');
    }
    expect(isSearchScopeInput('library')).toBe(true);
    expect(isSearchScopeInput('everyone')).toBe(false);
  });
});
