import type { RequestListener } from 'node:http';
import type { AutoSkill } from '@autoskill/sdk';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ProxyDependencies, ProxyEnv } from './app-context';
import { KeyChecker } from './http/identity';
import { createChatListener } from './http/node-chat-listener';
import { errorResponse, ProxyHttpError, toProxyHttpError } from './http/proxy-http-error';
import { ChatLearner } from './learning/chat-learner';
import { RetrievalCache } from './learning/retrieval-cache';
import { TraceStore } from './learning/trace-store';
import { type ProxyConfig, resolveProxyConfig } from './proxy-config';
import { extractionRoutes } from './routes/extraction-routes';
import { metaRoutes } from './routes/meta-routes';
import { openAIRoutes } from './routes/openai-routes';
import { retrievalRoutes } from './routes/retrieval-routes';
import type { RouteDefinition } from './routes/route-definition';
import { skillRoutes } from './routes/skill-routes';
import type { Upstream } from './upstream/upstream';

export interface CreateProxyAppOptions {
  /** The AutoSkill client (store, retrieval, learning). The proxy does not close it. */
  autoskill: AutoSkill;
  /** Where answers come from (default: offline, the AutoSkill runtime's chat model). */
  upstream?: Upstream;
  config?: Partial<ProxyConfig>;
}

/** The proxy's Hono app plus what it was built from. */
export interface ProxyApp {
  app: Hono<ProxyEnv>;
  config: ProxyConfig;
  upstream: Upstream;
  routes: RouteDefinition[];
  /**
   * The Node request listener `startProxy` serves: chat completions straight from node:http,
   * everything else through `app`. Use it to mount the proxy in your own `http.createServer`.
   */
  readonly listener: RequestListener;
}

/**
 * Builds the proxy as a Hono app (no server): OpenAI-compatible chat/embeddings/models and the
 * `/v1/autoskill/*` management API. Test it with `app.request()`, serve it with `startProxy`.
 */
export function createProxyApp(options: CreateProxyAppOptions): ProxyApp {
  if (!options?.autoskill || typeof options.autoskill.prepareTurn !== 'function') {
    throw new TypeError('createProxyApp: "autoskill" must be an AutoSkill instance');
  }
  const config = resolveProxyConfig(options.config);
  const upstream: Upstream = options.upstream ?? { kind: 'offline' };
  const deps: ProxyDependencies = {
    autoskill: options.autoskill,
    upstream,
    config,
    keys: new KeyChecker(config),
    traces: new TraceStore(),
    learner: new ChatLearner(options.autoskill, config),
    retrievalCache: new RetrievalCache(config.retrievalCacheTtlMs),
  };
  // Learned or changed skills must show up in the next retrieval.
  options.autoskill.learning.subscribe((job) => {
    if (
      job.status === 'completed' &&
      ((job.result?.added.length ?? 0) > 0 || (job.result?.merged.length ?? 0) > 0)
    )
      deps.retrievalCache.clear();
  });
  const routes: RouteDefinition[] = [];
  routes.push(
    ...openAIRoutes,
    ...skillRoutes,
    ...extractionRoutes,
    ...retrievalRoutes,
    ...metaRoutes(() => routes),
  );

  const app = new Hono<ProxyEnv>();
  app.onError((error) => {
    const failure = toProxyHttpError(error);
    if (failure.status >= 500) deps.autoskill.logger.warn(`proxy: ${failure.message}`);
    return errorResponse(failure);
  });
  app.notFound((context) =>
    errorResponse(
      new ProxyHttpError(
        404,
        `Unknown route: ${context.req.method} ${new URL(context.req.url).pathname}`,
        'not_found',
      ),
    ),
  );
  const tooLarge = () =>
    errorResponse(
      new ProxyHttpError(
        413,
        `Request body is larger than ${config.maxBodyBytes} bytes.`,
        'request_too_large',
      ),
    );
  // A declared size is checked up front everywhere; JSON bodies are also counted while read.
  app.use('*', async (context, next) => {
    if (Number(context.req.header('content-length') ?? 0) > config.maxBodyBytes) return tooLarge();
    await next();
  });
  // Uploads are read whole by formData()/arrayBuffer(): count chunked ones as they stream in.
  app.use(
    '/v1/autoskill/skills/import',
    bodyLimit({ maxSize: config.maxBodyBytes, onError: tooLarge }),
  );
  app.use('/v1/*', async (context, next) => {
    context.set('caller', deps.keys.check(context.req.header('authorization')));
    await next();
  });
  app.use('/v1/autoskill/*', async (context, next) => {
    await next();
    const path = new URL(context.req.url).pathname;
    const writes =
      context.req.method !== 'GET' &&
      (path.startsWith('/v1/autoskill/skills/') || path.startsWith('/v1/autoskill/vectors/'));
    if (writes && !path.endsWith('/search')) deps.retrievalCache.clear();
  });
  for (const route of routes)
    app[route.method](route.path, (context) => route.handle(context, deps));
  let listener: RequestListener | undefined;
  return {
    app,
    config,
    upstream,
    routes,
    // Built on first use: Hono's Node adapter swaps in its own global Request/Response.
    get listener() {
      listener ??= createChatListener(deps, getRequestListener(app.fetch) as RequestListener);
      return listener;
    },
  };
}
