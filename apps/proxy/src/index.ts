// @autoskill/proxy: the OpenAI-compatible AutoSkill proxy (Hono).
export type { AutoSkillRuntime, ProxyDependencies, ProxyEnv } from './app-context';
export { type CreateProxyAppOptions, createProxyApp, type ProxyApp } from './create-proxy-app';
export { type Caller, KeyChecker, resolveUserId } from './http/identity';
export { type OpenAIErrorBody, ProxyHttpError } from './http/proxy-http-error';
export { type SseEvent, SseParser } from './http/sse-parser';
export { loadKeysFile } from './load-keys-file';
export {
  DEFAULT_PROXY_CONFIG,
  type ProxyConfig,
  type ProxyExtractMode,
  resolveProxyConfig,
} from './proxy-config';
export { injectSkills, TRACE_ID_HEADER, TRACE_SWITCH_HEADER } from './routes/chat-completions';
export { buildOpenApi } from './routes/meta-routes';
export { type ProxyCheckOptions, type ProxyCheckResult, runProxyCheck } from './run-proxy-check';
export { type RunningProxy, type StartProxyOptions, startProxy } from './start-proxy';
export { type ResolveUpstreamOptions, resolveUpstream } from './upstream/resolve-upstream';
export type {
  AnthropicUpstream,
  OfflineUpstream,
  OpenAIUpstream,
  Upstream,
  UpstreamTimeouts,
} from './upstream/upstream';
