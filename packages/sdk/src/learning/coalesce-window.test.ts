import type { ChatMessage } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { mergeWindows } from './coalesce-window';

const user = (text: string): ChatMessage => ({ role: 'user', content: text });
const assistant = (text: string): ChatMessage => ({ role: 'assistant', content: text });
const u1 = user('q1');
const a1 = assistant('a1');
const u2 = user('q2');
const a2 = assistant('a2');
const u3 = user('q3');
const a3 = assistant('a3');

describe('mergeWindows', () => {
  it('joins a window that continues the previous one (consecutive chat turns)', () => {
    expect(mergeWindows([u1, a1, u2, a2], [u2, a2, u3, a3])).toEqual([u1, a1, u2, a2, u3, a3]);
    expect(mergeWindows([u1, a1], [{ ...a1 }, u2, a2])).toEqual([u1, a1, u2, a2]);
  });

  it('keeps the larger window when one contains the other', () => {
    expect(mergeWindows([u1, a1, u2, a2], [a1, u2])).toEqual([u1, a1, u2, a2]);
    expect(mergeWindows([a1, u2], [u1, a1, u2, a2])).toEqual([u1, a1, u2, a2]);
  });

  it('does not merge windows that share no run of messages, or empty ones', () => {
    expect(mergeWindows([u1, a1], [u2, a2])).toBeUndefined();
    expect(mergeWindows([u1, a1], [user('a1'), u2])).toBeUndefined();
    expect(mergeWindows([u1, a1, u2], [a1, u3])).toBeUndefined();
    expect(mergeWindows([], [u1])).toBeUndefined();
    expect(mergeWindows([u1], [])).toBeUndefined();
  });

  it('compares whole messages: content parts are not the same message as their text', () => {
    const parts: ChatMessage = { role: 'user', content: [{ type: 'text', text: 'q1' }] };
    expect(mergeWindows([parts, a1], [parts, a1, u2])).toEqual([parts, a1, u2]);
    expect(mergeWindows([u1], [parts])).toBeUndefined();
  });
});
