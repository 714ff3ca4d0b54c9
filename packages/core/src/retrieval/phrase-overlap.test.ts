import { describe, expect, it } from 'vitest';
import { phraseBigrams, phraseOverlap } from './phrase-overlap';

describe('phraseBigrams', () => {
  it('makes ordered, stemmed word bigrams without stopwords', () => {
    expect([...phraseBigrams('Write the Release Notes for a project')]).toEqual([
      'writ releas',
      'releas not',
      'not project',
    ]);
  });

  it('splits snake_case and kebab-case names into words', () => {
    expect(phraseBigrams('generate_title_and_summary')).toEqual(
      new Set(['generat titl', 'titl summari']),
    );
    expect(phraseBigrams('sql-review')).toEqual(new Set(['sql review']));
  });

  it('never joins words across a line break or a Han character', () => {
    expect(phraseBigrams('excel\nvba')).toEqual(new Set());
    expect(phraseBigrams('Vue3数组转字符串')).toEqual(new Set());
    expect(phraseBigrams('用 pandas dataframe 处理')).toEqual(new Set(['panda datafram']));
  });

  it('returns an empty set for non-strings', () => {
    expect(phraseBigrams(42 as unknown as string).size).toBe(0);
  });
});

describe('phraseOverlap', () => {
  it('is the share of query bigrams found in the skill', () => {
    const skill = phraseBigrams('Release notes writer\nSummarise a changelog');
    expect(phraseOverlap(phraseBigrams('write release notes'), skill)).toBe(0.5);
    expect(phraseOverlap(phraseBigrams('release notes'), skill)).toBe(1);
    expect(phraseOverlap(phraseBigrams('notes release'), skill)).toBe(0);
    expect(phraseOverlap(phraseBigrams('release'), skill)).toBe(0);
  });
});
