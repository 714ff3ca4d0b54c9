import { bumpPatchVersion, compareVersions, type Skill, type SkillStore } from '@autoskill/core';

/**
 * The version a merge writes: the patch bump of the highest version the skill ever had (current
 * or in its history), so numbers never repeat after a rollback to an older version.
 */
export async function nextMergeVersion(
  store: SkillStore,
  skill: Pick<Skill, 'id' | 'version'>,
): Promise<string> {
  let highest = skill.version;
  for (const revision of await store.history(skill.id)) {
    if (compareVersions(revision.version, highest) > 0) highest = revision.version;
  }
  return bumpPatchVersion(highest);
}
