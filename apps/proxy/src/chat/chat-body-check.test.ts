import { describe, expect, it } from 'vitest';
import { isValidChatBody } from './chat-body-check';
import { chatCompletionBody } from './chat-schemas';

const user = { role: 'user', content: 'hi' };
const bodies: Array<Record<string, unknown>> = [
  { messages: [user] },
  { model: 'gpt-4o', messages: [user], stream: true, stream_options: { include_usage: true } },
  { messages: [user], stream: null, stream_options: null, user: 'u1', temperature: 0.2 },
  { messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url' }] }] },
  { messages: [{ role: 'assistant', content: null, tool_calls: [] }, user] },
  { messages: [{ role: 'tool' }], tools: [{ type: 'function', function: { name: 'f' } }] },
  {},
  { messages: [] },
  { messages: 'hi' },
  { model: '', messages: [user] },
  { model: 5, messages: [user] },
  { messages: [null] },
  { messages: [[user]] },
  { messages: [{ role: '', content: 'x' }] },
  { messages: [{ content: 'x' }] },
  { messages: [{ role: 'user', content: 5 }] },
  { messages: [{ role: 'user', content: [{ text: 'no type' }] }] },
  { messages: [{ role: 'user', content: ['text'] }] },
  { messages: [user], stream: 'yes' },
  { messages: [user], stream_options: [] },
  { messages: [user], stream_options: { include_usage: 1 } },
  { messages: [user], user: 7 },
  { messages: [user], tools: {} },
  { messages: [user], tools: [{ function: {} }] },
];

describe('isValidChatBody', () => {
  it('agrees with the zod validator on valid and invalid bodies', () => {
    for (const body of bodies)
      expect([JSON.stringify(body), isValidChatBody(body)]).toEqual([
        JSON.stringify(body),
        chatCompletionBody.safeParse(body).success,
      ]);
    expect(bodies.filter((body) => isValidChatBody(body))).toHaveLength(6);
  });
});
