import { z } from 'zod';
import { json, type RouteDefinition } from '../../routes/route-definition';
import { openApiPath, type RouteDescription } from '../../routes/route-description';
import type { ProxyContext, ProxyDependencies } from '../../server/proxy-dependencies';

/** The paths of the route table by capability group: `{ skills: { list: '/v1/…' }, … }`. */
export function capabilityPaths(
  routes: readonly RouteDescription[],
): Record<string, Record<string, string>> {
  const groups: Record<string, Record<string, string>> = {};
  for (const route of routes) {
    if (!route.capability) continue;
    const [group, name] = route.capability.split('.') as [string, string];
    groups[group] = { ...groups[group], [name]: openApiPath(route.path) };
  }
  return groups;
}

/** What this proxy supports (every listed route, from the route table) and how it is set up. */
async function capabilities(_context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const { config, upstream } = deps;
  const runtime = await deps.autoskill.ready();
  const settings: Record<string, Record<string, unknown>> = {
    retrieval: {
      scope: config.skillScope,
      top_k: config.topK,
      min_score: config.minScore,
      rewrite_mode: config.rewriteMode,
      embeddings: runtime.chosen.embeddings,
    },
    chat: {
      stream: true,
      passthrough:
        upstream.kind === 'openai'
          ? 'full'
          : upstream.kind === 'anthropic'
            ? 'text and system messages'
            : 'text (offline model)',
      trace_header: 'X-AutoSkill-Trace-Id',
      trace_switch: 'X-AutoSkill-Trace: off',
    },
    embeddings: { source: config.embeddings },
    // The studio shows its drafts panel when learning keeps drafts for review.
    drafts: { review: deps.autoskill.config.review ?? 'off' },
  };
  const data: Record<string, unknown> = {
    llm: {
      provider: upstream.kind === 'offline' ? runtime.chosen.llm.split(':')[0] : upstream.provider,
      model: upstream.model ?? runtime.chatModel?.modelId ?? null,
      upstream: upstream.kind,
    },
    learning: {
      llm: runtime.extractionModel
        ? `${runtime.extractionModel.provider}:${runtime.extractionModel.modelId}`
        : 'mock (offline rules)',
      extract_mode: config.extractMode,
      extract_turn_limit: config.extractTurnLimit,
      ingest_window: config.ingestWindow,
    },
  };
  for (const [group, paths] of Object.entries(capabilityPaths(deps.routes)))
    data[group] = { ...paths, ...settings[group] };
  data.auth = {
    api_key_required: deps.keys.enabled,
    per_user_keys: Object.keys(config.userKeys ?? {}).length > 0,
  };
  return json({ object: 'autoskill.capabilities', data });
}

/** `GET /v1/autoskill/capabilities`. */
export const capabilitiesRoute: RouteDefinition = {
  method: 'get',
  path: '/v1/autoskill/capabilities',
  tag: 'meta',
  capability: 'meta.capabilities',
  summary: 'What this proxy supports and how it is configured',
  response: z.object({
    object: z.literal('autoskill.capabilities'),
    data: z.record(z.string(), z.unknown()),
  }),
  handle: capabilities,
};
