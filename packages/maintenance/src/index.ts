// @autoskill/maintenance: decides add / merge / discard for skill candidates and merges
// without losing rules, with patch version bumps and no lost updates. This list is the public API.

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
// The system prompts of the model judge and merger (for inspection and prompt tests).
export { JUDGE_SYSTEM_PROMPT } from './model/judge-decision';
export { MERGER_SYSTEM_PROMPT } from './model/merge-with-model';
