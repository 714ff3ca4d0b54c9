import { describe, expect, it } from 'vitest';
import { tailThatFits, windowAround, wrappedRows } from './visible-window';

describe('what fits on the screen', () => {
  it('counts wrapped rows by display width (CJK is two columns)', () => {
    expect(wrappedRows('', 10)).toBe(1);
    expect(wrappedRows('a'.repeat(25), 10)).toBe(3);
    expect(wrappedRows('报告报告报告', 10)).toBe(2);
  });

  it('keeps the last lines of a streaming answer that fit, counting wrapped ones', () => {
    const lines = ['one', 'two', 'x'.repeat(25), 'four'];
    expect(tailThatFits(lines, 4, 10)).toEqual({ shown: ['x'.repeat(25), 'four'], hidden: 2 });
    expect(tailThatFits(lines, 100, 10)).toEqual({ shown: lines, hidden: 0 });
    // One line taller than the screen is still shown (cut by the terminal, never dropped).
    expect(tailThatFits(['y'.repeat(50)], 2, 10).shown).toHaveLength(1);
  });

  it('centres a window on the caret line, inside the draft', () => {
    expect(windowAround(5, 4, 10)).toEqual({ start: 0, end: 5 });
    expect(windowAround(60, 59, 12)).toEqual({ start: 48, end: 60 });
    expect(windowAround(60, 0, 12)).toEqual({ start: 0, end: 12 });
    expect(windowAround(60, 30, 12)).toEqual({ start: 24, end: 36 });
  });
});
