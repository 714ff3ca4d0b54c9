import type { ProxyContext, ProxyDependencies } from '../app-context';
import { requestSignal } from '../http/node-request';
import { readBodyText } from '../http/read-json';
import { relayToWebStream } from '../http/web-relay';
import { answerChat } from './chat-turn';

export { injectSkills } from './chat-retrieval';
export { TRACE_ID_HEADER, TRACE_SWITCH_HEADER } from './chat-turn';

/**
 * `POST /v1/chat/completions` as a Hono handler (`app.request()`, fetch-style servers). The Node
 * server of `startProxy` answers this route without Hono (see `createChatListener`).
 */
export async function chatCompletions(
  context: ProxyContext,
  deps: ProxyDependencies,
): Promise<Response> {
  const reply = await answerChat(
    {
      bodyText: await readBodyText(context, deps.config.maxBodyBytes),
      headers: context.req.header(),
      queryUser: context.req.query('user'),
      caller: context.get('caller') ?? {},
      signal: requestSignal(context),
    },
    deps,
  );
  if (reply.kind === 'body')
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  return new Response(relayToWebStream(reply.source, reply.relay), {
    status: 200,
    headers: reply.headers,
  });
}
