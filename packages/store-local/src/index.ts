// @autoskill/store-local: the directory-based SkillStore (SKILL.md folders, history, multi-process safe).
export { createLocalSkillStore } from './create-local-skill-store';
export type { LocalSkillStore, LocalSkillStoreStats } from './local-skill-store';
export type { LocalSkillStoreOptions, StoreLogger } from './local-skill-store-options';
export type { StoreLoadError } from './scan-skill-folders';
export type { SkillUsage, SkillUsageEvent, SkillUsageLedgerOptions } from './skill-usage-ledger';
export { addUsage, emptyUsage, SkillUsageLedger } from './skill-usage-ledger';
