// @autoskill/maintenance: decides add / merge / discard for skill candidates and merges
// without losing rules, with patch version bumps and no lost updates.

export {
  MAX_TAGS,
  MAX_TRIGGERS,
  type MergedContent,
  mergeSkillContent,
} from './content/merge-skill-content';
export { createSkillMaintainer } from './create-skill-maintainer';
export type {
  FindSimilarSkills,
  MaintenanceApplyOptions,
  MaintenanceLogger,
  MaintenanceResult,
  MaintenanceThresholds,
  SkillMaintainer,
  SkillMaintainerOptions,
} from './maintenance-types';
export { mergeGateScore } from './merge-gate';
export { JUDGE_SYSTEM_PROMPT } from './model/judge-decision';
export { MERGER_SYSTEM_PROMPT } from './model/merge-with-model';
export { nextMergeVersion } from './next-version';
