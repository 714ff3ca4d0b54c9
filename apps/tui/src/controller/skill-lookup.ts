import type { Skill } from '@autoskill/core';

/**
 * The skill `reference` names among `skills`: an id, a name, a title (any case), or a unique
 * prefix of a name. Returns a message instead when there is none or more than one.
 */
export function findSkill(
  skills: readonly Skill[],
  reference: string,
): { skill: Skill } | { problem: string } {
  const wanted = reference.trim();
  const lower = wanted.toLowerCase();
  const exact =
    skills.find((skill) => skill.id === wanted) ??
    skills.find((skill) => skill.name === wanted) ??
    skills.find((skill) => skill.title.toLowerCase() === lower);
  if (exact) return { skill: exact };
  const prefixed = skills.filter((skill) => skill.name.startsWith(lower));
  if (prefixed.length === 1) return { skill: prefixed[0] as Skill };
  if (prefixed.length > 1)
    return {
      problem: `"${wanted}" matches ${prefixed.length} skills: ${prefixed.map((skill) => skill.name).join(', ')}`,
    };
  return { problem: `No skill "${wanted}". /skills lists yours.` };
}
