import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors';
import {
  countCharacters,
  countTextUnits,
  truncateTextHead,
  truncateTextHeadTail,
  truncateTextTail,
} from './units';

describe('countTextUnits', () => {
  it.each([
    ['', 0],
    ['Deploy the app', 3],
    ["don't re-run snake_case", 3],
    ['Привет мир', 2],
    ['مرحبا بالعالم', 2],
    ['Café crème brûlée', 3],
    ['转成Word格式', 5],
    ['こんにちは世界', 7],
    ['カタカナ', 4],
    ['안녕하세요 세계', 7],
    ['version 1.2.3, 100%!', 5],
    ['... --- !!! 🎉', 0],
  ])('%j has %i units', (text, units) => {
    expect(countTextUnits(text)).toBe(units);
  });

  it('rejects non-strings', () => {
    expect(() => countTextUnits(42 as unknown as string)).toThrow(InvalidArgumentError);
  });
});

describe('countCharacters', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(countCharacters('中文🎉')).toBe(3);
    expect(countCharacters('𠀀')).toBe(1);
    expect(countCharacters('')).toBe(0);
  });
});

describe('truncation', () => {
  const english = 'one two three four five six seven eight nine ten';

  it('returns text within budget unchanged', () => {
    expect(truncateTextHead(english, 10)).toBe(english);
    expect(truncateTextTail(english, 10)).toBe(english);
    expect(truncateTextHeadTail(english, 10)).toBe(english);
  });

  it('keeps the head, counting the marker in the budget', () => {
    const result = truncateTextHead(english, 4);
    expect(result).toBe('one two three\n...[truncated]');
    expect(countTextUnits(result)).toBeLessThanOrEqual(4);
  });

  it('keeps the tail', () => {
    expect(truncateTextTail(english, 3)).toBe('[truncated]...\nnine ten');
  });

  it('keeps head and tail around the marker', () => {
    const result = truncateTextHeadTail('a b c d e f g h i j k l', 7);
    expect(result).toBe('a b c d e\n...[truncated]...\nl');
    expect(countTextUnits(result)).toBe(7);
  });

  it('truncates Cyrillic and Chinese text, which the original never cut', () => {
    expect(truncateTextHead('раз два три четыре пять', 3, '…')).toBe('раз два три…');
    expect(truncateTextHead('把文章改写成公众号风格', 4, '…')).toBe('把文章改…');
    expect(truncateTextTail('把文章改写成公众号风格', 2, '')).toBe('风格');
  });

  it('drops the marker when it alone exceeds the budget', () => {
    expect(truncateTextHead(english, 0)).toBe('');
    expect(truncateTextHead(english, 1, 'lots of marker words')).toBe('one');
  });

  it('validates the budget', () => {
    expect(() => truncateTextHead(english, -1)).toThrow(InvalidArgumentError);
    expect(() => truncateTextTail(english, 1.5)).toThrow(InvalidArgumentError);
    expect(() => truncateTextHeadTail(english, Number.NaN)).toThrow(InvalidArgumentError);
  });
});
