import { webResponse } from '../edge/body-reply';
import type { RouteDefinition } from '../routes/route-definition';
import type { ProxyContext, ProxyDependencies } from '../server/proxy-dependencies';
import { relayToWebStream } from '../sse/web-relay';
import { answerChat } from './answer-chat';
import { chatCompletionBody, chatCompletionResponse } from './chat-schemas';

/**
 * `POST /v1/chat/completions` through Hono (`app.request()`, fetch-style servers). The Node
 * server of `startProxy` answers this route before Hono (see `createNodeListener`); both call
 * `answerChat` with an edge request.
 */
async function chatCompletions(context: ProxyContext, deps: ProxyDependencies): Promise<Response> {
  const reply = await answerChat(context.get('edge'), deps);
  if (reply.kind === 'body') return webResponse(reply);
  return new Response(relayToWebStream(reply.source, reply.relay), {
    status: 200,
    headers: reply.headers,
  });
}

/** `POST /v1/chat/completions`. */
export const chatCompletionsRoute: RouteDefinition = {
  method: 'post',
  path: '/v1/chat/completions',
  tag: 'openai',
  capability: 'chat.path',
  summary:
    'OpenAI chat completions (stream or not). The body passes through to the upstream unchanged except one added system message with the skills, placed just before the latest user message. Headers: X-AutoSkill-User, X-AutoSkill-Scope, X-AutoSkill-Trace: off; response header X-AutoSkill-Trace-Id.',
  body: chatCompletionBody,
  response: chatCompletionResponse,
  handle: chatCompletions,
};
