import type { RequestListener } from 'node:http';
import type { ChatSessionStore } from '@autoskill/core';
import type { AutoSkill } from '@autoskill/sdk';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { ChatLearner } from '../chat/chat-learner';
import { RetrievalCache } from '../chat/retrieval-cache';
import { PROCESS_TAG, TraceStore } from '../chat/trace-store';
import { admitHonoRequest, type EdgeGate } from '../edge/admit';
import { errorReply, failureReply, webResponse } from '../edge/body-reply';
import type { EdgeRequest } from '../edge/edge-request';
import { KeyChecker } from '../edge/identity';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { answerJobQuestions } from '../management/extractions/job-directory';
import { localTrace, TRACE_TOPIC } from '../management/retrieval/trace-lookup';
import type { StoredSession } from '../management/sessions/session-schemas';
import { SessionStore } from '../management/sessions/session-store';
import { listenForForgottenUsers } from '../management/users/forget-user-route';
import type { RouteDefinition } from '../routes/route-definition';
import { routeTable } from '../routes/route-table';
import { registerStudio, type StudioOptions } from '../studio/studio-route';
import type { Upstream } from '../upstream/upstream';
import { withAccessLog } from './access-log';
import { type ClusterBus, localBus } from './cluster/cluster-bus';
import { createNodeListener } from './node-listener';
import { type ProxyConfig, resolveProxyConfig } from './proxy-config';
import type { ProxyDependencies, ProxyEnv } from './proxy-dependencies';
import { SKILLS_CHANGED, skillsChanged } from './skills-changed';

export interface CreateProxyAppOptions {
  /** The AutoSkill client (store, retrieval, learning). The proxy does not close it. */
  autoskill: AutoSkill;
  /** Where answers come from (default: offline, the AutoSkill runtime's chat model). */
  upstream?: Upstream;
  config?: Partial<ProxyConfig>;
  /**
   * The other processes serving this skill base: the workers of a `--workers N` proxy, or (what
   * `startProxy` picks on a PostgreSQL database) every replica on the database. Default: none.
   */
  bus?: ClusterBus;
  /** The studio's chat sessions (default: files beside a local store, memory otherwise; `startProxy` uses the database's). */
  sessions?: ChatSessionStore<StoredSession>;
  /** Serve the built web studio at `/` from this folder (the CLI passes `@autoskill/web`'s). */
  studio?: StudioOptions;
  /** Receives one access-log line per request (method, route, status, user, ms, skills); off when absent. */
  accessLog?: (line: string) => void;
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
 * Builds the proxy as a Hono app (no server) from the route table: OpenAI-compatible
 * chat/embeddings/models and the `/v1/autoskill/*` management API. Test it with `app.request()`,
 * serve it with `startProxy`.
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
    routes: routeTable,
    sessions:
      options.sessions ??
      new SessionStore(async () => (await options.autoskill.ready()).storeDirectory),
    bus: options.bus ?? localBus(PROCESS_TAG),
  };
  // Learned or changed skills must show up in the next retrieval, in every process.
  options.autoskill.learning.subscribe((job) => {
    if (
      job.status === 'completed' &&
      ((job.result?.added.length ?? 0) > 0 || (job.result?.merged.length ?? 0) > 0)
    )
      skillsChanged(deps);
  });
  deps.bus.on(SKILLS_CHANGED, () => deps.retrievalCache.clear());
  listenForForgottenUsers(deps);
  deps.bus.answer(TRACE_TOPIC, (id) => (typeof id === 'string' ? localTrace(deps, id) : undefined));
  answerJobQuestions(deps);

  const app = new Hono<ProxyEnv>();
  app.onError((error) => webResponse(failureReply(error, deps.autoskill.logger)));
  app.notFound((context) =>
    webResponse(
      errorReply(
        new ProxyHttpError(
          404,
          `Unknown route: ${context.req.method} ${new URL(context.req.url).pathname}`,
          'not_found',
        ),
      ),
    ),
  );
  // The edge, before any route: admission (declared size, key), then the request's edge view.
  const gate: EdgeGate = { maxBodyBytes: config.maxBodyBytes, keys: deps.keys };
  app.use('*', async (context, next) => {
    const edge = admitHonoRequest(gate, context);
    context.set('caller', edge.caller);
    context.set('edge', edge);
    await next();
  });
  for (const route of routeTable) {
    app[route.method](
      route.path,
      route.changesSkills
        ? async (context) => {
            noteRoute(context.get('edge'), route.path);
            try {
              return await route.handle(context, deps);
            } finally {
              skillsChanged(deps);
            }
          }
        : (context) => {
            noteRoute(context.get('edge'), route.path);
            return route.handle(context, deps);
          },
    );
  }
  // Last: every other GET that is not an API path is the studio (when one is given).
  if (options.studio) registerStudio(app, options.studio);
  let listener: RequestListener | undefined;
  return {
    app,
    config,
    upstream,
    routes: [...routeTable],
    // Built on first use: Hono's Node adapter swaps in its own global Request/Response.
    get listener() {
      if (!listener) {
        const served = createNodeListener(deps, getRequestListener(app.fetch) as RequestListener);
        listener = options.accessLog ? withAccessLog(served, options.accessLog) : served;
      }
      return listener;
    },
  };
}

/** The route template for the access log (ids in the path stay out of it). */
function noteRoute(edge: EdgeRequest, path: string): void {
  if (edge.access) edge.access.route = path;
}
