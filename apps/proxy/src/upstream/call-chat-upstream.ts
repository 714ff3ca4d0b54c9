import type { Caller } from '../edge/identity';
import { ProxyHttpError } from '../edge/proxy-http-error';
import type { ProxyDependencies } from '../server/proxy-dependencies';
import { callAnthropicUpstream } from './anthropic-upstream';
import { type ChatBody, callLanguageModelUpstream } from './language-model-upstream';
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
  const typed = body as ChatBody;
  if (upstream.kind === 'openai')
    return callOpenAIUpstream(upstream, '/chat/completions', body, {
      signal,
      clientAuthorization: request.caller.upstreamAuthorization,
    });
  if (upstream.kind === 'anthropic') return callAnthropicUpstream(upstream, typed, signal);
  return deps.autoskill.ready().then((runtime) =>
    runtime.chatModel
      ? callLanguageModelUpstream(runtime.chatModel, typed, signal)
      : {
          ok: false,
          error: new ProxyHttpError(503, 'No chat model is configured.', 'no_model'),
          headers: {},
        },
  );
}
