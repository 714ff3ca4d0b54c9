import type { ChatMessage } from '@autoskill/core';
import type { Caller } from '../edge/identity';
import type { ProxyDependencies } from '../server/proxy-dependencies';
import { callAnthropicUpstream } from './anthropic-upstream';
import { callOfflineUpstream } from './offline-upstream';
import { callOpenAIUpstream } from './openai-upstream';
import type { UpstreamResult } from './upstream-result';

/** Sends a chat body (skills already injected) to whichever upstream the proxy has. */
export function callChatUpstream(
  deps: Pick<ProxyDependencies, 'upstream' | 'autoskill'>,
  body: Record<string, unknown>,
  request: { signal: AbortSignal; caller: Caller },
): Promise<UpstreamResult> {
  const { upstream } = deps;
  const { signal } = request;
  const typed = body as Record<string, unknown> & { messages: ChatMessage[] };
  if (upstream.kind === 'openai')
    return callOpenAIUpstream(upstream, '/chat/completions', body, {
      signal,
      clientAuthorization: request.caller.upstreamAuthorization,
    });
  if (upstream.kind === 'anthropic') return callAnthropicUpstream(upstream, typed, signal);
  return deps.autoskill
    .ready()
    .then((runtime) => callOfflineUpstream(runtime.chatModel, typed, signal));
}
