import type { ArchivedSkill } from '@autoskill/core';
import { parseDuration, type SkillUsage } from '@autoskill/sdk';
import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import { userOf } from '../../edge/user-of';
import { userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { writableSkill } from './skill-access';
import { skillDetail, skillResponse } from './skill-json';

const BASE = '/v1/autoskill/skills';

/** A skill's usage in the wire form (null for "never"). */
export function usageJson(usage: SkillUsage | undefined) {
  return {
    retrieved: usage?.retrieved ?? 0,
    injected: usage?.injected ?? 0,
    used: usage?.used ?? 0,
    last_retrieved_at: usage?.lastRetrievedAt ?? null,
    last_injected_at: usage?.lastInjectedAt ?? null,
    last_used_at: usage?.lastUsedAt ?? null,
  };
}

export const usageSchema = z.object({
  retrieved: z.number().int().describe('Turns in which retrieval returned the skill'),
  injected: z.number().int().describe('Turns in which it was put into the model context'),
  used: z.number().int().describe('Answers judged to have followed it'),
  last_retrieved_at: z.string().nullable(),
  last_injected_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});

/** An archived skill in the wire form. */
export function archivedJson(skill: ArchivedSkill) {
  return {
    id: skill.id,
    name: skill.name,
    title: skill.title,
    description: skill.description,
    version: skill.version,
    revision: skill.revision,
    owner: skill.owner,
    scope: skill.scope,
    archived_at: skill.archivedAt,
    reason: skill.reason ?? null,
  };
}

export const archivedSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.string(),
  revision: z.number().int(),
  owner: z.string(),
  scope: z.enum(['user', 'common']),
  archived_at: z.string(),
  reason: z.string().nullable(),
});

const pruneBody = z.object({
  user: userField,
  unused_for: z
    .string()
    .min(1)
    .max(16)
    .describe(
      'Window like `30d`, `12h`, `90m`, `2w`: skills neither used nor changed within it are archived.',
    ),
  dry_run: z
    .boolean()
    .default(true)
    .describe('Default true: only report. Send false to archive (undo with POST …/{id}/restore).'),
});

async function pruneSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, pruneBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  let unusedForMs: number;
  try {
    unusedForMs = parseDuration(body.unused_for, 'unused_for');
  } catch (error) {
    throw new ProxyHttpError(
      400,
      (error as Error).message,
      'invalid_value',
      'invalid_request_error',
      'unused_for',
    );
  }
  const result = await deps.autoskill.prune({ userId, unusedForMs, dryRun: body.dry_run });
  return json({
    object: 'prune_result',
    user: userId,
    dry_run: result.dryRun,
    cutoff: result.cutoff,
    checked: result.checked,
    data: result.skills.map((skill) => ({
      id: skill.id,
      name: skill.name,
      title: skill.title,
      version: skill.version,
      owner: skill.owner,
      reason: skill.reason,
      last_activity_at: skill.lastActivityAt,
      usage: usageJson(skill.usage),
    })),
  });
}

/** `POST /v1/autoskill/skills/prune`. */
export const pruneSkillsRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/prune`,
  tag: 'skills',
  capability: 'skills.prune',
  changesSkills: true,
  summary:
    'Archive your skills not used within `unused_for` (dry run by default); archived skills leave listing and retrieval until restored',
  body: pruneBody,
  response: z.object({
    object: z.literal('prune_result'),
    user: z.string(),
    dry_run: z.boolean(),
    cutoff: z.string(),
    checked: z.number().int(),
    data: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        title: z.string(),
        version: z.string(),
        owner: z.string(),
        reason: z.string(),
        last_activity_at: z.string(),
        usage: usageSchema,
      }),
    ),
  }),
  handle: pruneSkills,
};

const archiveBody = z.object({
  user: userField,
  reason: z.string().max(500).optional(),
});

async function archiveSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, archiveBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const skill = await writableSkill(deps, context.req.param('id') as string, userId);
  const archived = await deps.autoskill.archive(skill.id, {
    userId,
    ...(body.reason ? { reason: body.reason } : {}),
  });
  return json({ ok: true, object: 'archived_skill', data: archivedJson(archived) });
}

/** `POST /v1/autoskill/skills/{id}/archive`. */
export const archiveSkillRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/:id/archive`,
  tag: 'skills',
  capability: 'skills.archive',
  changesSkills: true,
  summary: 'Archive one of your skills (out of listing and retrieval; history kept; restorable)',
  body: archiveBody,
  response: z.object({
    ok: z.boolean(),
    object: z.literal('archived_skill'),
    data: archivedSchema,
  }),
  handle: archiveSkill,
};

const restoreBody = z.object({ user: userField });

async function restoreSkill(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, restoreBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const restored = await deps.autoskill.restore(context.req.param('id') as string, { userId });
  return json({
    ok: true,
    object: 'skill',
    data: skillDetail(restored),
    history_count: (await deps.autoskill.versions(restored.id, { userId })).length,
  });
}

/** `POST /v1/autoskill/skills/{id}/restore`. */
export const restoreSkillRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/:id/restore`,
  tag: 'skills',
  capability: 'skills.restore',
  changesSkills: true,
  summary: 'Bring one of your archived skills back with its full version history',
  body: restoreBody,
  response: skillResponse,
  handle: restoreSkill,
};
