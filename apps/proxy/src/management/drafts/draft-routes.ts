import type { SkillDraft } from '@autoskill/sdk';
import { z } from 'zod';
import { readJson } from '../../edge/parse-request';
import { userOf } from '../../edge/user-of';
import { readQuery } from '../../routes/read-query';
import { userField, userQuery } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { skillDetail } from '../skills/skill-json';

// The review queue (review mode `learned`): drafts of what learning would add or merge, per user.
const BASE = '/v1/autoskill/drafts';

const draftSchema = z.object({
  id: z.string(),
  object: z.literal('autoskill.draft'),
  kind: z.enum(['add', 'merge']),
  skill_id: z.string(),
  base_revision: z.number(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.string(),
  reason: z.string().nullable(),
  created_at: z.string(),
});

function draftJson(draft: SkillDraft): z.infer<typeof draftSchema> {
  return {
    id: draft.id,
    object: 'autoskill.draft',
    kind: draft.kind,
    skill_id: draft.skillId,
    base_revision: draft.baseRevision,
    name: draft.document.name,
    title: draft.document.title,
    description: draft.document.description,
    version: draft.document.version,
    reason: draft.reason ?? null,
    created_at: draft.createdAt,
  };
}

const draftIdOf = (context: ProxyContext) => context.req.param('draft_id') as string;
const actionBody = z.object({ user: userField });

async function listDrafts(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const drafts = await deps.autoskill.review.list(userId);
  return json({
    object: 'list',
    user: userId,
    review: deps.autoskill.config.review ?? 'off',
    data: drafts.map(draftJson),
  });
}

async function getDraft(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  readQuery(context, userQuery);
  const userId = userOf(context.get('edge'), deps.config.defaultUserId);
  const detail = await deps.autoskill.review.show(userId, draftIdOf(context));
  return json({
    ...draftJson(detail),
    skill_md: detail.skillMd,
    patch: detail.patch,
    current_revision: detail.currentRevision,
    stale: detail.stale,
  });
}

async function approveDraft(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, actionBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const skill = await deps.autoskill.review.approve(userId, draftIdOf(context));
  const md = await deps.autoskill.exportSkillMd(skill.id);
  return json({
    ok: true,
    approved: draftIdOf(context),
    object: 'skill',
    data: skillDetail(skill, md),
  });
}

async function rejectDraft(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, actionBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const draft = await deps.autoskill.review.reject(userId, draftIdOf(context));
  return json({ ok: true, rejected: draft.id });
}

/** `GET /v1/autoskill/drafts`. */
export const listDraftsRoute: RouteDefinition = {
  method: 'get',
  path: BASE,
  tag: 'skills',
  capability: 'drafts.list',
  summary:
    'Your drafts: what learning would add or merge, awaiting approval (review mode `learned`)',
  query: userQuery,
  response: z.object({
    object: z.literal('list'),
    user: z.string(),
    review: z.enum(['off', 'learned']),
    data: z.array(draftSchema),
  }),
  handle: listDrafts,
};

/** `GET /v1/autoskill/drafts/{draft_id}`. */
export const getDraftRoute: RouteDefinition = {
  method: 'get',
  path: `${BASE}/:draft_id`,
  tag: 'skills',
  capability: 'drafts.get',
  summary: 'One draft with its SKILL.md and the diff against the skill as it is now',
  query: userQuery,
  response: draftSchema.extend({
    skill_md: z.string(),
    patch: z.string(),
    current_revision: z.number(),
    stale: z.boolean().describe('The skill changed since: approving is refused (409).'),
  }),
  handle: getDraft,
};

/** `POST /v1/autoskill/drafts/{draft_id}/approve`. */
export const approveDraftRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/:draft_id/approve`,
  tag: 'skills',
  capability: 'drafts.approve',
  changesSkills: true,
  summary:
    'Write a draft as the skill or its next version (409 when the skill changed since the draft was made)',
  body: actionBody,
  handle: approveDraft,
};

/** `POST /v1/autoskill/drafts/{draft_id}/reject`. */
export const rejectDraftRoute: RouteDefinition = {
  method: 'post',
  path: `${BASE}/:draft_id/reject`,
  tag: 'skills',
  capability: 'drafts.reject',
  summary: 'Drop a draft',
  body: actionBody,
  handle: rejectDraft,
};
