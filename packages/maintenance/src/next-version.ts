import { type Skill, type SkillStore, versionAfter } from '@autoskill/core';

/**
 * The version a merge writes: the patch bump of the highest version the skill ever had (current
 * or in its history), so numbers never repeat after a rollback to an older version.
 */
export async function nextMergeVersion(
  store: SkillStore,
  skill: Pick<Skill, 'id' | 'version'>,
): Promise<string> {
  const history = await store.history(skill.id);
  return versionAfter([skill.version, ...history.map((revision) => revision.version)]);
}
