import type { createAnthropicProvider } from '@autoskill/sdk';
import { completionId, type OpenAIUsage, openAIFinishReason } from './openai-format';

/** The Claude model the proxy calls (from `@autoskill/providers`, through the SDK). */
export type AnthropicModel = ReturnType<
  ReturnType<typeof createAnthropicProvider>['languageModel']
>;
/** An Anthropic `Message` (non-streamed answer). */
export type AnthropicMessage = Awaited<ReturnType<AnthropicModel['createMessage']>>;

/** Anthropic usage → OpenAI's; cache reads and writes are prompt tokens too. */
export function anthropicUsage(usage: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): OpenAIUsage {
  const prompt =
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0);
  const completion = usage.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

/**
 * An Anthropic `Message` as a `chat.completion`: text blocks joined into `content` (null when the
 * answer is tool calls only, as OpenAI sends it), `tool_use` blocks as `tool_calls`,
 * `stop_reason` as `finish_reason` (`tool_use` → `tool_calls`). Thinking blocks are left out.
 */
export function anthropicToCompletion(message: AnthropicMessage, model: string) {
  let text = '';
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use')
      toolCalls.push({
        id: block.id,
        type: 'function',
        function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
      });
  }
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: openAIFinishReason(message.stop_reason),
      },
    ],
    usage: anthropicUsage(message.usage ?? {}),
  };
}
