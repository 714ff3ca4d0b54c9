// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEachCorpus, skillFilesUnder } from '../test-support/shared-data';
import { CHINESE_STOP_CHARACTERS, ENGLISH_STOPWORDS, tokenize } from './tokenize';
import { stemEnglishWord } from './tokenize-stem';

// The tokenizer cuts text at ASCII punctuation before matching Unicode runs. This is the plain
// one-regex definition it must stay equal to. A CJK or hangul run is handed to `tokenize` whole:
// it has no ASCII in it, so it takes the regex path there and its unigram/bigram rules are shared.
const RUN_PATTERN =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+)|(\p{Script=Hangul}+)|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}][\p{M}]*)+)/gu;
const STOPWORDS = new Set([...ENGLISH_STOPWORDS, ...CHINESE_STOP_CHARACTERS]);

function tokenizeByRegex(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(RUN_PATTERN)) {
    const word = match[3];
    if (word === undefined) tokens.push(...tokenize(match[0]));
    else if (!STOPWORDS.has(word))
      tokens.push(/^[a-z0-9]+$/.test(word) ? stemEnglishWord(word) : word);
  }
  return tokens;
}

/** The stemmer as first written with regular expressions (the loops must agree with it). */
function stemByRegex(word: string): string {
  const undouble = (stem: string) =>
    /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ll|ss|zz)$/.test(stem) ? stem.slice(0, -1) : stem;
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let stem = word;
  if (stem.endsWith('ies') && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith('sses')) stem = stem.slice(0, -2);
  else if (stem.endsWith('s') && !/(ss|us|is)$/.test(stem)) stem = stem.slice(0, -1);
  if (stem.endsWith('ing') && stem.length >= 6) stem = undouble(stem.slice(0, -3));
  else if (stem.endsWith('ed') && stem.length >= 5) stem = undouble(stem.slice(0, -2));
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith('y')) stem = `${stem.slice(0, -1)}i`;
  return stem;
}

describe('tokenize fast path', () => {
  const samples = [
    'Before each release: run regression -> canary -> monitor -> full rollout.',
    'café déjà-vu naïve façade — “quoted” it’s x2 API_v3 foo.bar',
    'İstanbul ǅemal ﬁle ①② ＡＢＣ',
    '用 TypeScript 写一个发布脚本，先跑回归测试再灰度',
    'Привет, мир; κόσμε 東京タワー 안녕하세요 e\u0301t\u00e9',
    // Marks: Han tone marks, hangul tone marks, kana voicing marks, a mark with nothing before it.
    'a\u302a中\u302b文 b\u302e가\u302f나 \u302e韓 か\u3099き\u309a \u0301x q\u0301\u0302r',
    // Astral CJK, emoji, a lone surrogate, ideographic numbers and iteration marks, ー alone.
    '𠀀𠀁字 🚀ok 中\ud800文 〇々〆 ー ーア 々ab ２０２４年 ｶﾀｶﾅ',
  ];

  it('gives the same tokens as the single Unicode regex on mixed-script samples', () => {
    for (const sample of samples) expect(tokenize(sample), sample).toEqual(tokenizeByRegex(sample));
    expect(tokenize(samples[1] as string)).toEqual(
      expect.arrayContaining(['café', 'déjà', 'vu', 'naïve', 'x2', 'api', 'v3']),
    );
  });
});

describeEachCorpus('tokenize on real skills', (corpus) => {
  it('gives the same tokens as the regex definition on every SKILL.md', () => {
    const files = skillFilesUnder(corpus.root);
    expect(files.length).toBeGreaterThanOrEqual(corpus.minimumSkillFiles);
    const words = new Set<string>(['running', 'fizzing', 'called', 'tossed', 'buzzed', 'hopped']);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(tokenize(text), file).toEqual(tokenizeByRegex(text));
      for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(word);
    }
    for (const word of words) expect(stemEnglishWord(word), word).toBe(stemByRegex(word));
  });
});
