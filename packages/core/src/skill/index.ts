export {
  isSearchScopeInput,
  parseSearchScope,
  SEARCH_SCOPE_INPUTS,
  type SearchScopeInput,
} from './search-scope';
export type {
  SearchScope,
  Skill,
  SkillCandidate,
  SkillDocument,
  SkillExample,
  SkillFile,
  SkillHit,
  SkillRevision,
  SkillScope,
} from './skill';
