// Helpers for implementing a SkillStore with the same put rules as AutoSkill's own stores
// (validation, revisions, version labels, listing order). Prove the result with @autoskill/test-suite.
export { archivedSkillOf } from './archived-skill';
export {
  assertFileNameLengths,
  assertNoFileFolderClash,
  checkExpectedRevision,
  compareSkills,
  documentOf,
  highestVersion,
  isSafeSkillId,
  MAX_FILE_NAME_BYTES,
  prepareDocument,
  type ResourceFile,
  skillListFilter,
  uniqueSkillName,
  validateFiles,
  validatePlace,
  validateSkillId,
} from './skill-put-rules';
export { assertAlsoScore, assertTopK, toUnitVector } from './vector-rules';
