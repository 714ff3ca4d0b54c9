// @autoskill/proxy: the OpenAI-compatible AutoSkill proxy (Hono). See README.md for the folder map.

export { TRACE_ID_HEADER, TRACE_SWITCH_HEADER } from './chat/answer-chat';
export { injectSkills } from './chat/chat-retrieval';
export { PROCESS_TAG } from './chat/trace-store';
export {
  type ProxyCheckOptions,
  type ProxyCheckResult,
  runProxyCheck,
} from './check/run-proxy-check';
export type { EdgeRequest } from './edge/edge-request';
export { type Caller, KeyChecker, resolveUserId } from './edge/identity';
export { type OpenAIErrorBody, ProxyHttpError } from './edge/proxy-http-error';
export { buildOpenApi } from './management/meta/build-openapi';
export type { RouteDefinition } from './routes/route-definition';
export type { RouteDescription } from './routes/route-description';
export { routeTable } from './routes/route-table';
export { type ClusterBus, localBus, workerBus } from './server/cluster/cluster-bus';
export {
  type ProxyCluster,
  type ProxyClusterOptions,
  startProxyCluster,
  stopProxyWorkers,
} from './server/cluster/cluster-primary';
export {
  type CreateProxyAppOptions,
  createProxyApp,
  type ProxyApp,
} from './server/create-proxy-app';
export { loadKeysFile } from './server/load-keys-file';
export {
  DEFAULT_PROXY_CONFIG,
  type ProxyConfig,
  type ProxyExtractMode,
  resolveProxyConfig,
} from './server/proxy-config';
export type { AutoSkillRuntime, ProxyDependencies, ProxyEnv } from './server/proxy-dependencies';
export {
  parseServedModels,
  type ServedModel,
  type ServedModelInput,
} from './server/served-models';
export { type RunningProxy, type StartProxyOptions, startProxy } from './server/start-proxy';
export { type SseEvent, SseParser } from './sse/sse-parser';
export { STUDIO_CSP } from './studio/studio-headers';
export type { StudioOptions } from './studio/studio-route';
export { type ResolveUpstreamOptions, resolveUpstream } from './upstream/resolve-upstream';
export type {
  AnthropicUpstream,
  OfflineUpstream,
  OpenAIUpstream,
  Upstream,
  UpstreamTimeouts,
} from './upstream/upstream';
