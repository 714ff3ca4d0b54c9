import { describe, expect, it } from 'vitest';
import { CHINESE_STOP_CHARACTERS, ENGLISH_STOPWORDS, tokenize } from './tokenize';
import { stemEnglishWord } from './tokenize-stem';

describe('tokenize', () => {
  it('lowercases English words, drops stopwords and stems lightly', () => {
    expect(tokenize('The Releases of the API')).toEqual(['releas', 'api']);
    expect(tokenize('releasing released release')).toEqual(['releas', 'releas', 'releas']);
    expect(ENGLISH_STOPWORDS.has('the')).toBe(true);
  });

  it('can keep words unstemmed', () => {
    expect(tokenize('Running tests', { stem: false })).toEqual(['running', 'tests']);
  });

  it('splits Chinese into character unigrams plus overlapping bigrams', () => {
    expect(tokenize('转成Word格式')).toEqual(['转', '成', '转成', 'word', '格', '式', '格式']);
    expect(tokenize('发布流程')).toEqual(['发', '布', '流', '程', '发布', '布流', '流程']);
  });

  it('drops common Chinese function characters as unigrams but keeps them in bigrams', () => {
    expect(tokenize('把这段话翻译')).toEqual([
      '段',
      '话',
      '翻',
      '译',
      '把这',
      '这段',
      '段话',
      '话翻',
      '翻译',
    ]);
    expect(CHINESE_STOP_CHARACTERS.has('的')).toBe(true);
  });

  it('keeps a Chinese query and document sharing words overlapping (unlike one token per run)', () => {
    const document = new Set(tokenize('安全发布流程：回归测试、金丝雀、监控'));
    const overlap = tokenize('如何安全发布').filter((token) => document.has(token));
    expect(overlap).toEqual(expect.arrayContaining(['安全', '发布']));
  });

  it('handles mixed scripts and NFKC (full-width letters, digits)', () => {
    expect(tokenize('ＡＰＩ 部署 v2')).toEqual(['api', '部', '署', '部署', 'v2']);
  });

  it('keeps Cyrillic and accented words whole', () => {
    expect(tokenize('Привет, Мир! café')).toEqual(['привет', 'мир', 'café']);
  });

  it('handles Japanese: kanji unigrams, katakana words, bigrams across kana', () => {
    const tokens = tokenize('東京タワーに行きたい');
    expect(tokens).toEqual(expect.arrayContaining(['東', '京', '東京', 'タワー', '行']));
    expect(tokens).not.toContain('に');
  });

  it('splits Korean words into syllable bigrams', () => {
    expect(tokenize('안녕하세요 세계')).toEqual(['안녕', '녕하', '하세', '세요', '세계']);
  });

  it('returns nothing for empty or punctuation-only input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' -> !! ')).toEqual([]);
  });
});

describe('stemEnglishWord', () => {
  it('maps inflections to one stem and leaves short words alone', () => {
    expect(stemEnglishWord('studies')).toBe(stemEnglishWord('study'));
    expect(stemEnglishWord('running')).toBe('run');
    expect(stemEnglishWord('class')).toBe('class');
    expect(stemEnglishWord('api')).toBe('api');
  });
});
