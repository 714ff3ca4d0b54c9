import type { AutoSkill } from '@autoskill/sdk';
import type { Context } from 'hono';
import type { Caller, KeyChecker } from './http/identity';
import { resolveUserId } from './http/identity';
import type { ChatLearner } from './learning/chat-learner';
import type { RetrievalCache } from './learning/retrieval-cache';
import type { TraceStore } from './learning/trace-store';
import type { ProxyConfig } from './proxy-config';
import type { Upstream } from './upstream/upstream';

/** The AutoSkill runtime (store, models) once ready. */
export type AutoSkillRuntime = Awaited<ReturnType<AutoSkill['ready']>>;

/** Everything route handlers share. */
export interface ProxyDependencies {
  autoskill: AutoSkill;
  upstream: Upstream;
  config: ProxyConfig;
  keys: KeyChecker;
  traces: TraceStore;
  learner: ChatLearner;
  retrievalCache: RetrievalCache;
}

/** Hono environment of the proxy app. */
export interface ProxyEnv {
  Variables: { caller: Caller };
}

export type ProxyContext = Context<ProxyEnv>;

/** The acting user of a request (see `resolveUserId`). `bodyUser` is the JSON body's `user`. */
export function userOf(context: ProxyContext, config: ProxyConfig, bodyUser?: unknown): string {
  return resolveUserId({
    caller: context.get('caller') ?? {},
    bodyUser,
    headerUser: context.req.header('x-autoskill-user'),
    queryUser: context.req.query('user'),
    defaultUserId: config.defaultUserId,
  });
}
