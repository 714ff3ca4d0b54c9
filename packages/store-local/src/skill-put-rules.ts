// The put rules every AutoSkill store shares live in @autoskill/core/store-kit.
export {
  assertNoFileFolderClash,
  checkExpectedRevision,
  compareSkills,
  documentOf,
  highestVersion,
  isSafeSkillId,
  prepareDocument,
  type ResourceFile,
  skillListFilter,
  uniqueSkillName,
  validateFiles,
  validatePlace,
  validateSkillId,
} from '@autoskill/core/store-kit';
