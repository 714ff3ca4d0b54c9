import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { userField, userQuery } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { writableSkill } from './skill-access';
import { skillDetail, skillResponse } from './skill-json';

const BASE = '/v1/autoskill/skills';

const skillMdBody = z
  .object({
    skill_md: z.string().optional(),
    md: z.string().optional(),
    user: userField,
    expected_revision: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Refuse with 409 unless the skill is still at this revision (an edit begun before the learner merged into the skill is not saved over it).',
      ),
  })
  .refine((body) => (body.skill_md ?? body.md ?? '').trim() !== '', {
    message: 'give the SKILL.md text in "skill_md"',
    path: ['skill_md'],
  });

async function putSkillMd(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, skillMdBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  if (body.expected_revision !== undefined && body.expected_revision !== skill.revision)
    throw new ProxyHttpError(
      409,
      `Skill ${skill.id} changed since revision ${body.expected_revision}: it is now revision ${skill.revision} (v${skill.version}). Reload it and apply your edit again.`,
      'conflict',
      'invalid_request_error',
      'expected_revision',
    );
  const saved = await deps.autoskill.saveSkillMd(skill.id, (body.skill_md ?? body.md) as string, {
    userId,
  });
  const md = await deps.autoskill.exportSkillMd(saved.id);
  return json({
    ok: true,
    object: 'skill',
    data: skillDetail(saved, md),
    history_count: (await deps.autoskill.versions(saved.id, { userId })).length,
  });
}

/** `PUT /v1/autoskill/skills/{id}/md`. */
export const putSkillMdRoute: RouteDefinition = {
  method: 'put',
  path: `${BASE}/:id/md`,
  tag: 'skills',
  capability: 'skills.save_md',
  changesSkills: true,
  summary: 'Replace one of your skills with an edited SKILL.md (new version; history kept)',
  body: skillMdBody,
  response: skillResponse,
  handle: putSkillMd,
};

async function deleteSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  await deps.autoskill.delete(skill.id, { userId });
  return json({ ok: true, deleted: true, skill_id: skill.id });
}

/** `DELETE /v1/autoskill/skills/{id}`. */
export const deleteSkillRoute: RouteDefinition = {
  method: 'delete',
  path: `${BASE}/:id`,
  tag: 'skills',
  capability: 'skills.delete',
  changesSkills: true,
  summary: 'Delete one of your skills',
  query: userQuery,
  handle: deleteSkill,
};

const rollbackBody = z.object({
  user: userField,
  to_version: z
    .string()
    .min(1)
    .optional()
    .describe('Version label to restore; default: the previous revision.'),
  to_revision: z.number().int().positive().optional(),
});

async function rollbackSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, rollbackBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  const versions = await deps.autoskill.versions(skill.id, { userId });
  const restored = await deps.autoskill.rollback(skill.id, {
    userId,
    ...(body.to_version === undefined ? {} : { toVersion: body.to_version }),
    ...(body.to_revision === undefined ? {} : { toRevision: body.to_revision }),
  });
  const after = await deps.autoskill.versions(skill.id, { userId });
  const restoredFrom = after.at(-1)?.restoredFrom;
  const source = versions.find((entry) => entry.revision === restoredFrom);
  return json({
    ok: true,
    object: 'skill',
    data: skillDetail(restored),
    restored_from: source
      ? { version: source.version, revision: source.revision, updated_at: source.savedAt }
      : null,
    history_count: after.length,
  });
}

/** `POST /v1/autoskill/skills/{id}/rollback`. */
export const rollbackSkillRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/:id/rollback`,
  tag: 'skills',
  capability: 'skills.rollback',
  changesSkills: true,
  summary: 'Restore an earlier revision of one of your skills (default: the previous one)',
  body: rollbackBody,
  response: skillResponse,
  handle: rollbackSkill,
};
