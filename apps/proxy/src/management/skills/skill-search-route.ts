import { parseSearchScope } from '@autoskill/core';
import { z } from 'zod';
import { roundScore } from '../../chat/trace-json';
import { readJson } from '../../edge/parse-request';
import { userOf } from '../../edge/user-of';
import { scopeField, userField } from '../../routes/request-fields';
import { json, type RouteDefinition } from '../../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';
import { skillSource, skillSummary, skillSummarySchema } from './skill-json';

const searchBody = z
  .object({
    query: z.string().optional(),
    q: z.string().optional(),
    user: userField,
    scope: scopeField,
    limit: z.number().int().min(1).max(200).optional(),
    min_score: z.number().min(0).max(1).optional(),
  })
  .refine((body) => (body.query ?? body.q ?? '').trim() !== '', {
    message: 'give a non-empty "query"',
    path: ['query'],
  });

const searchHit = z.object({
  rank: z.number().int(),
  score: z.number(),
  id: z.string(),
  name: z.string(),
  title: z.string(),
  description: z.string(),
  resource_paths: z.array(z.string()),
  source: z.string(),
  owner: z.string(),
  version: z.string(),
  skill: skillSummarySchema,
});

async function searchSkills(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const body = await readJson(edge, searchBody);
  const userId = userOf(edge, deps.config.defaultUserId, body.user);
  const scope = parseSearchScope(body.scope, { field: 'scope', fallback: deps.config.skillScope });
  const query = (body.query ?? body.q ?? '').trim();
  const hits = await deps.autoskill.search(query, {
    userId,
    scope,
    limit: body.limit ?? Math.max(1, deps.config.topK),
    minScore: body.min_score ?? 0,
  });
  const data = hits.map((hit, index) => ({
    rank: index + 1,
    score: roundScore(hit.score),
    id: hit.skill.id,
    name: hit.skill.name,
    title: hit.skill.title,
    description: hit.skill.description,
    resource_paths: hit.skill.files.slice(0, 12),
    source: skillSource(hit.skill),
    owner: hit.skill.owner,
    version: hit.skill.version,
    skill: skillSummary(hit.skill),
  }));
  return json({
    object: 'list',
    query,
    user: userId,
    scope,
    data,
    data_user: data.filter((hit) => hit.skill.scope === 'user'),
    data_library: data.filter((hit) => hit.skill.scope === 'common'),
    error: null,
  });
}

/** `POST /v1/autoskill/skills/search`. */
export const searchSkillsRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/autoskill/skills/search',
  tag: 'skills',
  capability: 'skills.search',
  summary: 'Hybrid search over your skills and the library',
  body: searchBody,
  response: z.object({
    object: z.literal('list'),
    query: z.string(),
    user: z.string(),
    scope: z.string(),
    data: z.array(searchHit),
    data_user: z.array(searchHit),
    data_library: z.array(searchHit),
    error: z.string().nullable(),
  }),
  handle: searchSkills,
};
