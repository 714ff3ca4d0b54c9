import { describe, expect, it } from 'vitest';
import { containment, contentTokens } from './content-tokens';

describe('contentTokens', () => {
  it('keeps stemmed content words and drops stopwords, one-letter words and bare numbers', () => {
    expect(contentTokens('Always cite every number in the 3 reports, a must.')).toEqual([
      'cite',
      'number',
      'report',
    ]);
  });

  it('keeps hyphenated and apostrophe words whole and normalises width and case', () => {
    expect(contentTokens('Self-evolving agents’ ＲＥＰＯＲＴＳ')).toEqual([
      'self-evolv',
      'agent',
      'report',
    ]);
    expect(contentTokens("the user's file-names")).toEqual(["user'", 'file-nam']);
  });

  it('turns every Han character into a token', () => {
    expect(contentTokens('务必标注 sources')).toEqual(['务', '必', '标', '注', 'sourc']);
  });
});

describe('containment', () => {
  it("is the share of the part's tokens found in the whole", () => {
    expect(containment('cite every number', 'Always cite every number in reports.')).toBe(1);
    expect(containment('cite sources and numbers', 'Cite every number.')).toBeCloseTo(2 / 3);
    expect(containment('不要编造', '不要编造数据')).toBe(1);
  });

  it('is 0 when the part has no content tokens', () => {
    expect(containment('the and of', 'anything')).toBe(0);
    expect(containment('', '')).toBe(0);
  });
});
