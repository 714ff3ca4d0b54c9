import { type Skill, SkillNotFoundError } from '@autoskill/core';
import { ProxyHttpError, toProxyHttpError } from '../../edge/proxy-http-error';
import type { ProxyDependencies } from '../../server/proxy-dependencies';

/** A skill the user may read: their own or the library's. Anyone else's is reported as missing (404). */
export async function readableSkill(
  deps: ProxyDependencies,
  id: string,
  userId: string,
): Promise<Skill> {
  const skill = await deps.autoskill.get(id).catch(() => undefined);
  if (!skill || (skill.scope === 'user' && skill.owner !== userId)) throw notFound(id);
  return skill;
}

/** A skill the user may change: their own. Library skills → 403; anyone else's → 404. */
export async function writableSkill(
  deps: ProxyDependencies,
  id: string,
  userId: string,
): Promise<Skill> {
  const skill = await readableSkill(deps, id, userId);
  if (skill.scope === 'common') {
    throw new ProxyHttpError(
      403,
      `Skill ${id} belongs to the shared library (${skill.owner}) and is read-only.`,
      'forbidden',
      'permission_error',
    );
  }
  return skill;
}

export function notFound(id: string): ProxyHttpError {
  return toProxyHttpError(new SkillNotFoundError(id));
}
