import type { ChatSessionStore } from '@autoskill/core';
import type { AutoSkill } from '@autoskill/sdk';
import type { Context } from 'hono';
import type { ChatLearner } from '../chat/chat-learner';
import type { RetrievalCache } from '../chat/retrieval-cache';
import type { TraceStore } from '../chat/trace-store';
import type { EdgeRequest } from '../edge/edge-request';
import type { Caller, KeyChecker } from '../edge/identity';
import type { StoredSession } from '../management/sessions/session-schemas';
import type { RouteDescription } from '../routes/route-description';
import type { Upstream } from '../upstream/upstream';
import type { ClusterBus } from './cluster/cluster-bus';
import type { ProxyConfig } from './proxy-config';

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
  /** The route table (capabilities and /openapi.json are generated from it). */
  routes: readonly RouteDescription[];
  /** The studio's chat sessions, per user: under the store folder, in memory, or in the database. */
  sessions: ChatSessionStore<StoredSession>;
  /** The other processes of this proxy (`--workers N`) or replicas on its database; a bus of one otherwise. */
  bus: ClusterBus;
}

/** Hono environment of the proxy app: the edge's view of the request, set before any route. */
export interface ProxyEnv {
  Variables: { caller: Caller; edge: EdgeRequest };
}

export type ProxyContext = Context<ProxyEnv>;
