import type { ChatMessage, LanguageModel } from '@autoskill/core';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { fromWebStream } from './from-web-stream';
import { ChunkWriter, chatCompletion, openAIFinishReason, openAIUsage } from './openai-format';
import type { UpstreamResult } from './upstream-result';

/**
 * Answers from the AutoSkill runtime's chat model (the offline `mock` by default) in OpenAI's
 * format, so the proxy works with no vendor at all. Tools and other vendor options are ignored.
 */
export async function callOfflineUpstream(
  model: LanguageModel | undefined,
  body: Record<string, unknown> & { messages: ChatMessage[] },
  signal: AbortSignal,
): Promise<UpstreamResult> {
  if (!model)
    return {
      ok: false,
      error: new ProxyHttpError(503, 'No chat model is configured.', 'no_model', 'server_error'),
      headers: {},
    };
  const modelName = typeof body.model === 'string' ? body.model : model.modelId;
  const call = {
    messages: body.messages,
    ...(typeof body.temperature === 'number' ? { temperature: body.temperature } : {}),
    ...(typeof body.max_tokens === 'number' ? { maxTokens: body.max_tokens } : {}),
    abortSignal: signal,
  };
  if (body.stream !== true) {
    try {
      const result = await model.doGenerate(call);
      return {
        ok: true,
        kind: 'json',
        body: chatCompletion({
          model: modelName,
          text: result.text,
          finishReason: openAIFinishReason(result.finishReason),
          usage: openAIUsage(result.usage),
        }),
        headers: {},
      };
    } catch (error) {
      return {
        ok: false,
        error: new ProxyHttpError(
          502,
          `chat model failed: ${(error as Error).message}`,
          'upstream_error',
          'upstream_error',
        ),
        headers: {},
      };
    }
  }
  const includeUsage =
    (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const writer = new ChunkWriter(modelName, controller);
      try {
        const { stream: parts } = await model.doStream(call);
        writer.role();
        for await (const part of parts) {
          if (part.type === 'text-delta') writer.text(part.delta);
          else if (part.type === 'error') throw part.error;
          else if (part.type === 'finish') {
            writer.finish(openAIFinishReason(part.finishReason));
            if (includeUsage) writer.usage(openAIUsage(part.usage));
          }
        }
        writer.done();
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return { ok: true, kind: 'stream', stream: fromWebStream(stream), headers: {} };
}
