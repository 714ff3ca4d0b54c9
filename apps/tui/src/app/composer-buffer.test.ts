import { describe, expect, it } from 'vitest';
import {
  deleteBackward,
  EMPTY_BUFFER,
  InputHistory,
  insertText,
  moveToLineEdge,
  moveVertically,
} from './composer-buffer';

describe('the composer buffer', () => {
  it('edits at the caret, across lines, with CJK and emoji as single characters', () => {
    let buffer = insertText(EMPTY_BUFFER, '报告\r\n👍 ok');
    expect(buffer).toEqual({ text: '报告\n👍 ok', cursor: 8 });
    buffer = moveVertically(buffer, -1) ?? buffer;
    expect(buffer.cursor).toBe(2);
    buffer = deleteBackward(buffer);
    expect(buffer.text).toBe('报\n👍 ok');
    expect(moveVertically(buffer, -1)).toBeUndefined();
    buffer = moveToLineEdge({ text: buffer.text, cursor: 4 }, 'start');
    expect(buffer.cursor).toBe(2);
    expect(deleteBackward({ text: '👍', cursor: 2 })).toEqual({ text: '', cursor: 0 });
  });

  it('walks the history with ↑/↓ and gives the draft back at the end', () => {
    const history = new InputHistory();
    history.add('first');
    history.add('second');
    history.add('second');
    expect(history.older('draft')).toBe('second');
    expect(history.older('second')).toBe('first');
    expect(history.older('first')).toBeUndefined();
    expect(history.newer()).toBe('second');
    expect(history.newer()).toBe('draft');
    expect(history.newer()).toBeUndefined();
  });
});
