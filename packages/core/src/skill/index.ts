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
