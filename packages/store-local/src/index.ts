// @autoskill/store-local: the directory-based SkillStore (SKILL.md folders, history, multi-process safe).
export {
  createLocalSkillStore,
  type LocalSkillStore,
  type LocalSkillStoreOptions,
  type LocalSkillStoreStats,
} from './create-local-skill-store';
export type { StoreLoadError } from './scan-skill-folders';
export type { StoreLogger } from './store-lock';
