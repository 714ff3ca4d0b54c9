import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('SseParser', () => {
  it('assembles events split across chunks, with any line ending and multi-line data', () => {
    const parser = new SseParser();
    const input = 'event: update\r\ndata: {"a":\r\ndata: 1}\r\n\r\n: comment\n\ndata: [DONE]\r\r';
    const events = [];
    for (const character of Array.from(input)) events.push(...parser.push(bytes(character)));
    events.push(...parser.end());
    expect(events).toEqual([{ event: 'update', data: '{"a":\n1}' }, { data: '[DONE]' }]);
  });

  it('keeps multi-byte characters split between chunks', () => {
    const parser = new SseParser();
    const encoded = bytes('data: 你好\n\n');
    const events = [...parser.push(encoded.slice(0, 8)), ...parser.push(encoded.slice(8))];
    expect(events).toEqual([{ data: '你好' }]);
  });

  it('returns a last event that lacks the final blank line at the end', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: tail'))).toEqual([]);
    expect(parser.end()).toEqual([{ data: 'tail' }]);
  });
});
