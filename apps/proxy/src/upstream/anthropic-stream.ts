import { ProviderCallError } from '@autoskill/core';
import { type AnthropicModel, anthropicUsage } from './anthropic-response';
import { type ChunkWriter, openAIFinishReason } from './openai-format';

/** One streamed Anthropic event. */
export type AnthropicStreamEvent =
  Awaited<ReturnType<AnthropicModel['streamMessage']>> extends AsyncIterable<infer E> ? E : never;

/**
 * Writes Anthropic stream events as OpenAI chunks: text deltas as `delta.content`; a `tool_use`
 * block start as `delta.tool_calls[i]` with its index, id and name (arguments ''), then each
 * `input_json_delta` as that index's `function.arguments` piece; `stop_reason` as
 * `finish_reason`; usage (with `include_usage`) in the last chunk. Thinking is left out. A stream
 * that ends before `message_stop` throws (the relay turns it into an error event).
 */
export async function writeAnthropicStream(
  events: AsyncIterable<AnthropicStreamEvent>,
  writer: ChunkWriter,
  options: { includeUsage: boolean; provider: string },
): Promise<void> {
  // Anthropic numbers content blocks; OpenAI numbers tool calls only.
  const toolIndexOfBlock = new Map<number, number>();
  let usage = { input_tokens: 0, output_tokens: 0 } as Parameters<typeof anthropicUsage>[0];
  let stopReason: string | null | undefined;
  let stopped = false;
  writer.role();
  for await (const event of events) {
    switch (event.type) {
      case 'message_start':
        usage = { ...usage, ...event.message.usage };
        break;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'tool_use') {
          const index = toolIndexOfBlock.size;
          toolIndexOfBlock.set(event.index, index);
          writer.toolCalls([
            {
              index,
              id: block.id,
              type: 'function',
              function: { name: block.name, arguments: '' },
            },
          ]);
        } else if (block.type === 'text' && block.text !== '') writer.text(block.text);
        break;
      }
      case 'content_block_delta': {
        const { delta } = event;
        if (delta.type === 'text_delta' && delta.text !== '') writer.text(delta.text);
        else if (delta.type === 'input_json_delta' && delta.partial_json !== '') {
          const index = toolIndexOfBlock.get(event.index);
          if (index !== undefined)
            writer.toolCalls([{ index, function: { arguments: delta.partial_json } }]);
        }
        break;
      }
      case 'message_delta':
        stopReason = event.delta.stop_reason ?? stopReason;
        usage = { ...usage, ...definedOnly(event.usage) };
        break;
      case 'message_stop':
        stopped = true;
        break;
      default:
        break;
    }
  }
  if (!stopped)
    throw new ProviderCallError({
      provider: options.provider,
      message: 'the stream ended before the model finished (connection closed early)',
      isRetryable: false,
    });
  writer.finish(openAIFinishReason(stopReason));
  if (options.includeUsage) writer.usage(anthropicUsage(usage));
  writer.done();
}

/** `message_delta` usage carries nulls for what it does not update. */
function definedOnly<T extends object>(value: T | null | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, entry]) => entry !== null && entry !== undefined),
  ) as Partial<T>;
}
