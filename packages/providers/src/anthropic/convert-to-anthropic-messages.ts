import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { type LanguageModelCallOptions, messageText } from '@autoskill/core';

/** Anthropic's request shape: one `system` string and alternating user/assistant turns. */
export interface AnthropicPrompt {
  system: string | undefined;
  messages: MessageParam[];
}

const JSON_INSTRUCTION =
  'Reply with one JSON value only: no prose before or after it, no code fences.';

/**
 * Converts chat messages for the Messages API: system/developer messages join the `system`
 * field (after the `system` option), tool results become user text, consecutive turns of the
 * same role merge, and the conversation starts with a user turn as the API requires.
 */
export function convertToAnthropicPrompt(options: LanguageModelCallOptions): AnthropicPrompt {
  const systemParts: string[] = [];
  if (options.system) systemParts.push(options.system);
  const turns: Array<{ role: 'user' | 'assistant'; text: string }> = [];
  for (const message of options.messages) {
    const text = messageText(message);
    if (message.role === 'system' || message.role === 'developer') {
      if (text !== '') systemParts.push(text);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const labelled = message.role === 'tool' ? `Tool result:\n${text}` : text;
    const previous = turns.at(-1);
    if (previous && previous.role === role) previous.text = `${previous.text}\n\n${labelled}`;
    else turns.push({ role, text: labelled });
  }
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', text: '(conversation start)' });
  if (options.responseFormat?.type === 'json') systemParts.push(JSON_INSTRUCTION);
  return {
    system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined,
    // The API rejects empty text blocks.
    messages: turns.map((turn) => ({
      role: turn.role,
      content: turn.text === '' ? '(empty)' : turn.text,
    })),
  };
}
