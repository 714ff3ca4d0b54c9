import { embedMany, isEmbeddingDisabled } from '@autoskill/core';
import type { ProxyContext, ProxyDependencies } from '../app-context';
import { requestSignal } from '../http/node-request';
import { errorResponse, ProxyHttpError } from '../http/proxy-http-error';
import { parseJsonObject, readBodyText, validate } from '../http/read-json';
import { chatCompletionBody, embeddingsBody } from '../schemas';
import { callOpenAIUpstream } from '../upstream/openai-upstream';
import { chatCompletions } from './chat-completions';
import {
  chatCompletionResponse,
  embeddingsResponse,
  healthResponse,
  modelsResponse,
} from './response-schemas';
import { json, type RouteDefinition } from './route-definition';

const STARTED = Math.floor(Date.now() / 1000);

/** Model ids `/v1/models` lists: the served aliases, else the upstream model. */
export function listedModels(deps: ProxyDependencies): string[] {
  if (deps.config.servedModels.length > 0) return deps.config.servedModels;
  return [deps.upstream.model ?? 'autoskill-model'];
}

function models(_context: ProxyContext, deps: ProxyDependencies): Response {
  return json({
    object: 'list',
    data: listedModels(deps).map((id) => ({
      id,
      object: 'model',
      created: STARTED,
      owned_by: 'autoskill-proxy',
    })),
  });
}

async function embeddings(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const raw = parseJsonObject(await readBodyText(context, deps.config.maxBodyBytes));
  const body = validate(embeddingsBody, raw);
  if (deps.config.embeddings === 'upstream' && deps.upstream.kind === 'openai') {
    const result = await callOpenAIUpstream(deps.upstream, '/embeddings', raw, {
      signal: requestSignal(context),
      clientAuthorization: deps.keys.enabled ? undefined : context.req.header('authorization'),
    });
    if (!result.ok) return errorResponse(result.error, result.headers);
    return json(result.kind === 'json' ? result.body : {}, 200, result.headers);
  }
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (inputs.some((input) => typeof input !== 'string')) {
    throw new ProxyHttpError(
      400,
      "Token-array inputs are not supported by AutoSkill's embedding model; send strings.",
      'unsupported',
      'invalid_request_error',
      'input',
    );
  }
  const runtime = await deps.autoskill.ready();
  const model = runtime.embeddingModel;
  if (isEmbeddingDisabled(model))
    throw new ProxyHttpError(
      400,
      'Embeddings are disabled on this proxy (--embeddings-provider none).',
      'unsupported',
    );
  const vectors = await embedMany(model, inputs as string[], {
    abortSignal: requestSignal(context),
  });
  const tokens = (inputs as string[]).reduce(
    (total, input) => total + input.split(/\s+/).filter(Boolean).length,
    0,
  );
  return json({
    object: 'list',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding:
        body.encoding_format === 'base64'
          ? Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64')
          : Array.from(vector),
    })),
    model: `${model.provider}:${model.modelId}`,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/** The OpenAI-compatible routes. */
export const openAIRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'meta',
    summary: 'Liveness (no auth)',
    response: healthResponse,
    handle: () => json({ ok: true }),
  },
  {
    method: 'get',
    path: '/v1/models',
    tag: 'openai',
    summary: 'Models this proxy serves',
    response: modelsResponse,
    handle: models,
  },
  {
    method: 'post',
    path: '/v1/chat/completions',
    tag: 'openai',
    summary:
      'OpenAI chat completions (stream or not). The body passes through to the upstream unchanged except one added system message with the skills, placed just before the latest user message. Headers: X-AutoSkill-User, X-AutoSkill-Scope, X-AutoSkill-Trace: off; response header X-AutoSkill-Trace-Id.',
    body: chatCompletionBody,
    response: chatCompletionResponse,
    handle: chatCompletions,
  },
  {
    method: 'post',
    path: '/v1/embeddings',
    tag: 'openai',
    summary: "OpenAI embeddings (AutoSkill's embedding model, or the upstream's)",
    body: embeddingsBody,
    response: embeddingsResponse,
    handle: embeddings,
  },
];
