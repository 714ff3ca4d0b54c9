import { z } from 'zod';
import type { ProxyContext, ProxyDependencies } from '../app-context';
import { capabilitiesResponse, errorResponseSchema } from './response-schemas';
import { json, type RouteDefinition } from './route-definition';

async function capabilities(_context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const runtime = await deps.autoskill.ready();
  const skills = '/v1/autoskill/skills';
  const extractions = '/v1/autoskill/extractions';
  return json({
    object: 'autoskill.capabilities',
    data: {
      llm: {
        provider:
          deps.upstream.kind === 'offline'
            ? runtime.chosen.llm.split(':')[0]
            : deps.upstream.provider,
        model: deps.upstream.model ?? runtime.chatModel?.modelId ?? null,
        upstream: deps.upstream.kind,
      },
      learning: {
        llm: runtime.extractionModel
          ? `${runtime.extractionModel.provider}:${runtime.extractionModel.modelId}`
          : 'mock (offline rules)',
        extract_mode: deps.config.extractMode,
        extract_turn_limit: deps.config.extractTurnLimit,
        ingest_window: deps.config.ingestWindow,
      },
      retrieval: {
        preview: '/v1/autoskill/retrieval/preview',
        traces: '/v1/autoskill/traces/{trace_id}',
        scope: deps.config.skillScope,
        top_k: deps.config.topK,
        min_score: deps.config.minScore,
        rewrite_mode: deps.config.rewriteMode,
        embeddings: runtime.chosen.embeddings,
      },
      chat: {
        path: '/v1/chat/completions',
        stream: true,
        passthrough:
          deps.upstream.kind === 'openai'
            ? 'full'
            : deps.upstream.kind === 'anthropic'
              ? 'text and system messages'
              : 'text (offline model)',
        trace_header: 'X-AutoSkill-Trace-Id',
        trace_switch: 'X-AutoSkill-Trace: off',
      },
      embeddings: { path: '/v1/embeddings', source: deps.config.embeddings },
      skills: {
        list: skills,
        get: `${skills}/{id}`,
        get_md: `${skills}/{id}/md`,
        save_md: `${skills}/{id}/md`,
        delete: `${skills}/{id}`,
        rollback: `${skills}/{id}/rollback`,
        versions: `${skills}/{id}/versions`,
        export: `${skills}/{id}/export`,
        search: `${skills}/search`,
        import: `${skills}/import`,
      },
      extractions: {
        extract_now: extractions,
        simulate: `${extractions}/simulate`,
        latest: `${extractions}/latest`,
        list: extractions,
        get: `${extractions}/{job_id}`,
        events_stream: `${extractions}/{job_id}/events`,
      },
      vectors: { status: '/v1/autoskill/vectors/status', rebuild: '/v1/autoskill/vectors/rebuild' },
      meta: { capabilities: '/v1/autoskill/capabilities', openapi: '/openapi.json' },
      auth: {
        api_key_required: deps.keys.enabled,
        per_user_keys: Object.keys(deps.config.userKeys ?? {}).length > 0,
      },
    },
  });
}

/** An OpenAPI 3.1 document whose schemas are generated from the route validators. */
export function buildOpenApi(routes: RouteDefinition[]): Record<string, unknown> {
  const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
    z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const schema = toSchema(route.query, 'input') as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: schema.required?.includes(name) ?? false,
          schema: property,
          ...(property.description ? { description: property.description } : {}),
        });
      }
    }
    const content: Record<string, unknown> = {};
    if (route.body) content['application/json'] = { schema: toSchema(route.body, 'input') };
    for (const [type, alternative] of Object.entries(route.alternativeBodies ?? {}))
      content[type] = { schema: { description: alternative.description } };
    const success = route.responseContentType
      ? {
          description: 'OK',
          content: { [route.responseContentType]: { schema: { type: 'string' } } },
        }
      : {
          description: 'OK',
          content: {
            'application/json': {
              schema: route.response ? toSchema(route.response, 'output') : { type: 'object' },
            },
          },
        };
    paths[path] = {
      ...paths[path],
      [route.method]: {
        summary: route.summary,
        tags: [route.tag],
        operationId: `${route.method}${path.replace(/[{}]/g, '').replace(/[/.-]+(\w)/g, (_, letter: string) => letter.toUpperCase())}`,
        ...(parameters.length ? { parameters } : {}),
        ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
        responses: {
          '200': success,
          default: {
            description: 'Error in OpenAI’s shape',
            content: { 'application/json': { schema: toSchema(errorResponseSchema, 'output') } },
          },
        },
        ...(route.path.startsWith('/v1/') ? { security: [{ bearer: [] }] } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AutoSkill proxy',
      version: '0.1.0',
      description:
        'OpenAI-compatible proxy that injects learned skills and learns from conversations.',
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The proxy key or a per-user key (only when the proxy was started with one).',
        },
      },
    },
    paths,
  };
}

/** Capabilities and the OpenAPI document. `routes` is every route of the app (for the document). */
export function metaRoutes(routes: () => RouteDefinition[]): RouteDefinition[] {
  let cached: Record<string, unknown> | undefined;
  const openapi = () => {
    if (!cached) cached = buildOpenApi(routes());
    return json(cached);
  };
  return [
    {
      method: 'get',
      path: '/v1/autoskill/capabilities',
      tag: 'meta',
      summary: 'What this proxy supports and how it is configured',
      response: capabilitiesResponse,
      handle: capabilities,
    },
    {
      method: 'get',
      path: '/openapi.json',
      tag: 'meta',
      summary: 'This document (no auth)',
      handle: openapi,
    },
    {
      method: 'get',
      path: '/v1/autoskill/openapi.json',
      tag: 'meta',
      summary: 'This document',
      handle: openapi,
    },
  ];
}
