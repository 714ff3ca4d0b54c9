import { embedMany, isEmbeddingDisabled } from '@autoskill/core';
import { z } from 'zod';
import { errorReply, webResponse } from '../edge/body-reply';
import { parseJsonObject, validate } from '../edge/parse-request';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { json, type RouteDefinition } from '../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../server/proxy-dependencies';
import { callOpenAIUpstream } from '../upstream/openai-upstream';
import { embeddingTexts } from './embedding-inputs';

const embeddingsBody = z.looseObject({
  // OpenAI's four forms: a text, texts, one token array, token arrays.
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int().nonnegative()).min(1),
    z.array(z.array(z.number().int().nonnegative()).min(1)).min(1),
  ]),
  model: z.string().optional(),
  user: z.string().optional(),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

async function embeddings(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const edge = context.get('edge');
  const raw = parseJsonObject((await edge.body()).toString('utf8'));
  const body = validate(embeddingsBody, raw);
  if (deps.config.embeddings === 'upstream' && deps.upstream.kind === 'openai') {
    const result = await callOpenAIUpstream(deps.upstream, '/embeddings', raw, {
      signal: edge.signal,
      clientAuthorization: edge.caller.upstreamAuthorization,
    });
    if (!result.ok) return webResponse(errorReply(result.error, result.headers));
    return json(result.kind === 'json' ? result.body : {}, 200, result.headers);
  }
  const runtime = await deps.autoskill.ready();
  const model = runtime.embeddingModel;
  if (isEmbeddingDisabled(model))
    throw new ProxyHttpError(
      400,
      'Embeddings are disabled on this proxy (--embeddings-provider none).',
      'unsupported',
    );
  const { texts, tokens } = embeddingTexts(body.input, model.provider);
  const vectors = await embedMany(model, texts, { abortSignal: edge.signal });
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

/** `POST /v1/embeddings`. */
export const embeddingsRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/embeddings',
  tag: 'openai',
  capability: 'embeddings.path',
  summary: "OpenAI embeddings (AutoSkill's embedding model, or the upstream's)",
  body: embeddingsBody,
  response: z.object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        object: z.literal('embedding'),
        index: z.number().int(),
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number() }),
  }),
  handle: embeddings,
};
