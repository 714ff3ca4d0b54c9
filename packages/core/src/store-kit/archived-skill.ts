import type { Skill } from '../skill/skill';
import type { ArchivedSkill } from '../spec/skill-store';

/** What `SkillStore.archive` and `listArchived` report of a skill archived at `archivedAt`. */
export function archivedSkillOf(
  skill: Pick<
    Skill,
    'id' | 'name' | 'title' | 'description' | 'version' | 'revision' | 'scope' | 'owner'
  >,
  archivedAt: string,
  reason?: string | null,
): ArchivedSkill {
  const { id, name, title, description, version, revision, scope, owner } = skill;
  const record: ArchivedSkill = {
    id,
    name,
    title,
    description,
    version,
    revision,
    scope,
    owner,
    archivedAt,
  };
  // An empty reason is no reason: every store leaves it out the same way.
  if (reason) record.reason = reason;
  return record;
}
