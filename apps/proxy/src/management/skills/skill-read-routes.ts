import { parseSearchScope } from '@autoskill/core';
import { z } from 'zod';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import {
  boolFromQuery,
  intFromQuery,
  scopeField,
  userField,
  userQuery,
} from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { readableSkill } from './skill-access';
import { skillDetail, skillResponse, skillSummary, skillSummarySchema } from './skill-json';
import { archivedJson, archivedSchema, usageJson, usageSchema } from './skill-prune-routes';

const BASE = '/v1/autoskill/skills';

const skillsListQuery = z.object({
  user: userField,
  scope: scopeField.describe('`user` (default): your skills; `common`: the library; `all`: both.'),
  limit: intFromQuery(1, 1000, 200),
  archived: boolFromQuery.describe(
    '1: list archived (pruned) skills instead (restore one with POST …/{id}/restore).',
  ),
});

async function listSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, skillsListQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const scope = parseSearchScope(query.scope, { field: 'scope', fallback: 'user' });
  if (query.archived) {
    const archived = await deps.autoskill.listArchived({ userId, scope });
    return json({
      object: 'list',
      user: userId,
      scope,
      archived: true,
      data: archived.slice(0, query.limit).map(archivedJson),
    });
  }
  const own = scope === 'common' ? [] : await deps.autoskill.list({ userId, scope: 'user' });
  const library = scope === 'user' ? [] : await deps.autoskill.list({ scope: 'common' });
  const skills = [...own, ...library].slice(0, query.limit);
  const usage = await deps.autoskill.usageStats();
  return json({
    object: 'list',
    user: userId,
    scope,
    data: skills.map((skill) => ({
      ...skillSummary(skill),
      usage: usageJson(usage.get(skill.id)),
    })),
  });
}

/** `GET /v1/autoskill/skills`. */
export const listSkillsRoute: RouteDefinition = {
  method: 'get',
  path: BASE,
  tag: 'skills',
  capability: 'skills.list',
  summary:
    "List the caller's skills with their usage (scope=common: the library; all: both; archived=1: the archived ones)",
  query: skillsListQuery,
  response: z.object({
    object: z.literal('list'),
    user: z.string(),
    scope: z.string(),
    archived: z.boolean().optional(),
    data: z.union([
      z.array(skillSummarySchema.extend({ usage: usageSchema })),
      z.array(archivedSchema),
    ]),
  }),
  handle: listSkills,
};

const skillGetQuery = z.object({ user: userField, include_md: boolFromQuery });

async function getSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, skillGetQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const skill = await readableSkill(deps, context.req.param('id') as string, userId);
  const md = query.include_md ? await deps.autoskill.exportSkillMd(skill.id) : undefined;
  const usage = usageJson(await deps.autoskill.skillUsage(skill.id));
  return json({ object: 'skill', data: { ...skillDetail(skill, md), usage } });
}

/** `GET /v1/autoskill/skills/{id}`. */
export const getSkillRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:id`,
  tag: 'skills',
  capability: 'skills.get',
  summary: 'One skill (yours or the library’s); include_md=1 adds the SKILL.md',
  query: skillGetQuery,
  response: skillResponse,
  handle: getSkill,
};

const skillMdQuery = userQuery.extend({
  revision: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('A kept revision (see the versions route); default: the current one.'),
});

async function getSkillMd(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const query = readQuery(context, skillMdQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const skill = await readableSkill(deps, context.req.param('id') as string, userId);
  if (query.revision === undefined)
    return json({
      object: 'skill_md',
      skill_id: skill.id,
      name: skill.name,
      version: skill.version,
      revision: skill.revision,
      skill_md: await deps.autoskill.exportSkillMd(skill.id),
    });
  const kept = (await deps.autoskill.versions(skill.id, { userId })).find(
    (entry) => entry.revision === query.revision,
  );
  if (!kept)
    throw new ProxyHttpError(
      404,
      `Skill ${skill.id} has no revision ${query.revision}.`,
      'not_found',
      'invalid_request_error',
      'revision',
    );
  return json({
    object: 'skill_md',
    skill_id: skill.id,
    name: skill.name,
    version: kept.version,
    revision: kept.revision,
    skill_md: await deps.autoskill.exportSkillMd(skill.id, { revision: kept.revision }),
  });
}

/** `GET /v1/autoskill/skills/{id}/md`. */
export const getSkillMdRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:id/md`,
  tag: 'skills',
  capability: 'skills.get_md',
  summary: 'The SKILL.md text of a skill (the current one, or a kept `revision`)',
  query: skillMdQuery,
  response: z.object({
    object: z.literal('skill_md'),
    skill_id: z.string(),
    name: z.string(),
    version: z.string(),
    revision: z.number().int(),
    skill_md: z.string(),
  }),
  handle: getSkillMd,
};

async function skillVersions(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const skill = await readableSkill(deps, context.req.param('id') as string, userId);
  const versions = await deps.autoskill.versions(skill.id, { userId });
  return json({
    object: 'list',
    skill_id: skill.id,
    name: skill.name,
    data: versions.map((entry) => ({
      version: entry.version,
      revision: entry.revision,
      reason: entry.reason ?? null,
      restored_from: entry.restoredFrom ?? null,
      updated_at: entry.savedAt,
      is_current: entry.current,
    })),
  });
}

/** `GET /v1/autoskill/skills/{id}/versions`. */
export const skillVersionsRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:id/versions`,
  tag: 'skills',
  capability: 'skills.versions',
  summary: 'Revision history of a skill, oldest first',
  query: userQuery,
  response: z.object({
    object: z.literal('list'),
    skill_id: z.string(),
    name: z.string(),
    data: z.array(
      z.object({
        version: z.string(),
        revision: z.number().int(),
        reason: z.string().nullable(),
        restored_from: z.number().int().nullable(),
        updated_at: z.string(),
        is_current: z.boolean(),
      }),
    ),
  }),
  handle: skillVersions,
};
