import { ReadOnlyError, type Skill, SkillNotFoundError, type SkillStore } from '@autoskill/core';

/** What the write paths of an AutoSkill client need: the store, fresh reads and re-indexing. */
export interface SkillAccess {
  store(): Promise<SkillStore>;
  /** A skill after picking up other processes' changes. */
  get(id: string): Promise<Skill | undefined>;
  /** Brings the search index in line with the store for these ids. */
  reindex(ids: string[]): Promise<void>;
}

/** Who may write: library skills only with `allowLibrary`; a user only their own skills. */
export interface WriteRights {
  userId?: string;
  allowLibrary?: boolean;
}

/** The skill if the caller may see it: another user's skill is reported as not found. */
export async function visibleSkill(
  access: SkillAccess,
  id: string,
  userId: string | undefined,
): Promise<Skill> {
  const skill = await access.get(id);
  if (!skill || (userId !== undefined && skill.scope === 'user' && skill.owner !== userId))
    throw new SkillNotFoundError(id);
  return skill;
}

/** Throws unless `rights` allow changing `skill`. */
export function assertCanWrite(skill: Skill, rights: WriteRights): void {
  if (skill.scope === 'common' && !rights.allowLibrary) {
    throw new ReadOnlyError(
      `Skill ${skill.id} belongs to the shared library (${skill.owner}) and is read-only`,
      { skillId: skill.id },
    );
  }
  if (rights.userId !== undefined && skill.scope === 'user' && skill.owner !== rights.userId) {
    throw new SkillNotFoundError(skill.id);
  }
}
