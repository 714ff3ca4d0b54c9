import { z } from 'zod';
import { openAIErrorSchema } from '../../edge/proxy-http-error';
import { openApiPath, type RouteDescription } from '../../routes/route-description';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** Path and query parameters of a route, from its path and its query validator. */
function parametersOf(route: RouteDescription): unknown[] {
  const parameters: unknown[] = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (!route.query) return parameters;
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
  return parameters;
}

/** One operation of the document. */
function operationOf(route: RouteDescription, path: string): Record<string, unknown> {
  const parameters = parametersOf(route);
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
  return {
    summary: route.summary,
    tags: [route.tag],
    operationId: `${route.method}${path.replace(/[{}]/g, '').replace(/[/.-]+(\w)/g, (_, letter: string) => letter.toUpperCase())}`,
    ...(parameters.length ? { parameters } : {}),
    ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
    responses: {
      '200': success,
      default: {
        description: 'Error in OpenAI’s shape',
        content: { 'application/json': { schema: toSchema(openAIErrorSchema, 'output') } },
      },
    },
    ...(route.path.startsWith('/v1/') ? { security: [{ bearer: [] }] } : {}),
  };
}

/** An OpenAPI 3.1 document of the route table; its schemas are generated from the validators. */
export function buildOpenApi(routes: readonly RouteDescription[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route, path) };
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
