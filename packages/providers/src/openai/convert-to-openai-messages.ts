import type { LanguageModelCallOptions } from '@autoskill/core';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

/**
 * The request's messages in OpenAI form: the `system` option first, then the messages as they
 * are (tool calls, names and content parts pass through unchanged).
 */
export function convertToOpenAIMessages(
  options: LanguageModelCallOptions,
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (options.system !== undefined && options.system !== '')
    messages.push({ role: 'system', content: options.system });
  for (const message of options.messages) {
    messages.push({ ...message, content: message.content ?? '' } as ChatCompletionMessageParam);
  }
  return messages;
}
