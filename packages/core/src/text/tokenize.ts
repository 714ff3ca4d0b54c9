import { stemEnglishWord } from './tokenize-stem';

/**
 * Small English stopword list: words so common that they only add noise to keyword and hashing
 * scores. Kept short on purpose (negations and question words stay searchable).
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'by',
  'for',
  'from',
  'i',
  'in',
  'into',
  'is',
  'it',
  'its',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'so',
  'that',
  'the',
  'their',
  'them',
  'this',
  'to',
  'us',
  'was',
  'we',
  'were',
  'with',
  'you',
  'your',
  // Question and helper words carry no topic ("How should I do a safe release?").
  'how',
  'should',
  'do',
  'does',
  'what',
  'can',
  'could',
  'would',
  'please',
]);

/**
 * Very common Chinese function characters (的, 了, 是, 把, 这, 请…). Only their single-character
 * tokens are dropped; bigrams that contain them are kept.
 */
export const CHINESE_STOP_CHARACTERS: ReadonlySet<string> = new Set(
  Array.from('的了是在把这那一个我你他她它们和与及或请帮吗呢吧啊给让被对将就都也而着过么'),
);

const DEFAULT_STOPWORDS: ReadonlySet<string> = new Set([
  ...ENGLISH_STOPWORDS,
  ...CHINESE_STOP_CHARACTERS,
]);

/** Options of `tokenize`. The defaults are the ones tuned on the retrieval dev sets. */
export interface TokenizeOptions {
  /** Light English suffix stemming of ASCII words (`releases` → `releas`). Default true. */
  stem?: boolean;
  /** Words (and CJK characters) to drop. Default `ENGLISH_STOPWORDS` + `CHINESE_STOP_CHARACTERS`. */
  stopwords?: ReadonlySet<string>;
  /** Emit every Han character of a CJK run as its own token. Default true. */
  cjkUnigrams?: boolean;
  /** Emit overlapping character bigrams of CJK, kana and hangul runs. Default true. */
  cjkBigrams?: boolean;
}

const HAN_PATTERN = /\p{Script=Han}/u;
const ASCII_WORD = /^[a-z0-9]+$/;

/**
 * Splits text into retrieval tokens (for BM25 and the hashing embedding):
 * NFKC + lowercase; Latin, Cyrillic and other space-separated scripts by word (ASCII words
 * lightly stemmed, stopwords dropped); every Han character as a unigram plus overlapping
 * bigrams of each CJK/kana run; hangul runs as syllable bigrams; katakana words also whole.
 * Unlike the Python original it never treats a whole CJK run as one token.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  if (typeof text !== 'string') return [];
  const stem = options.stem ?? true;
  const stopwords = options.stopwords ?? DEFAULT_STOPWORDS;
  const cjkUnigrams = options.cjkUnigrams ?? true;
  const cjkBigrams = options.cjkBigrams ?? true;
  const normalized = text.normalize('NFKC').toLowerCase();
  const tokens: string[] = [];
  const cache = stem && stopwords === DEFAULT_STOPWORDS ? DEFAULT_ASCII_TOKENS : undefined;
  // Runs never contain ASCII spaces or punctuation, so the text is cut there first: a chunk of
  // ASCII letters and digits is one word (no regex needed, the common case), and only chunks
  // with other characters go through the Unicode run pattern. Same tokens, several times faster.
  let start = 0;
  let asciiOnly = true;
  for (let index = 0; index <= normalized.length; index++) {
    const code = index < normalized.length ? normalized.charCodeAt(index) : 32;
    if (code >= 0x80) {
      asciiOnly = false;
      continue;
    }
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) continue;
    if (index > start) {
      const chunk = normalized.slice(start, index);
      if (asciiOnly) {
        const token =
          cache && chunk.length <= MAX_CACHED_WORD_LENGTH
            ? cachedAsciiToken(cache, chunk)
            : asciiToken(chunk, stem, stopwords);
        if (token !== '') tokens.push(token);
      } else pushUnicodeChunk(tokens, chunk, { stem, stopwords, cjkUnigrams, cjkBigrams });
    }
    start = index + 1;
    asciiOnly = true;
  }
  return tokens;
}

/** An ASCII word's token ('' for a stopword). */
function asciiToken(word: string, stem: boolean, stopwords: ReadonlySet<string>): string {
  if (stopwords.has(word)) return '';
  return stem ? stemEnglishWord(word) : word;
}

// Word → token for the default options: one map lookup instead of a stopword check plus
// stemming. Bounded: cleared when full (vocabularies are small; the cap only stops abuse). Only
// short words are kept: V8 copies substrings under 13 characters, while a longer key would be a
// slice that keeps the whole source text alive.
const DEFAULT_ASCII_TOKENS = new Map<string, string>();
const MAX_CACHED_TOKENS = 100_000;
const MAX_CACHED_WORD_LENGTH = 12;

function cachedAsciiToken(cache: Map<string, string>, word: string): string {
  return memoized(cache, word, MAX_CACHED_TOKENS, defaultAsciiToken);
}

function defaultAsciiToken(word: string): string {
  return asciiToken(word, true, DEFAULT_STOPWORDS);
}

/** `cache.get(key)`, computed and stored when missing; the cache is emptied when it is full. */
function memoized<K, V>(cache: Map<K, V>, key: K, limit: number, compute: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
  }
  return value;
}

// Character classes of the run pattern, as bit flags.
const CJK = 1;
const HANGUL = 2;
const LETTER_OR_NUMBER = 4;
const MARK = 8;
const CJK_CHARACTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
const HANGUL_CHARACTER = /\p{Script=Hangul}/u;
const LETTER_OR_NUMBER_CHARACTER = /[\p{L}\p{N}]/u;
const MARK_CHARACTER = /\p{M}/u;
// Flags of characters outside the fast ranges (CJK punctuation, accented letters…), bounded.
const FLAG_CACHE = new Map<number, number>();

function flagsOf(code: number): number {
  if (code < 0x80)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? LETTER_OR_NUMBER : 0;
  if (code >= 0x4e00 && code <= 0x9fff) return CJK | LETTER_OR_NUMBER;
  if (code >= 0xac00 && code <= 0xd7a3) return HANGUL | LETTER_OR_NUMBER;
  return memoized(FLAG_CACHE, code, 10_000, unicodeFlags);
}

function unicodeFlags(code: number): number {
  const character = String.fromCodePoint(code);
  return (
    (CJK_CHARACTER.test(character) ? CJK : 0) |
    (HANGUL_CHARACTER.test(character) ? HANGUL : 0) |
    (LETTER_OR_NUMBER_CHARACTER.test(character) ? LETTER_OR_NUMBER : 0) |
    (MARK_CHARACTER.test(character) ? MARK : 0)
  );
}

const NONE = 0;
const IN_CJK_RUN = 1;
const IN_HANGUL_RUN = 2;
const IN_WORD = 3;

/**
 * Runs found by a scan over code points (a regex is slow on CJK text): a CJK/kana run, a hangul
 * run, or a word (letters or numbers that are not CJK or hangul, each followed by any marks).
 * The one-regex definition this must equal lives in tokenize-equivalence.test.ts.
 */
function pushUnicodeChunk(
  tokens: string[],
  chunk: string,
  options: Required<TokenizeOptions>,
): void {
  let state = NONE;
  let start = 0;
  for (let index = 0; index <= chunk.length; ) {
    const code = index < chunk.length ? (chunk.codePointAt(index) as number) : 0x20;
    const width = code > 0xffff ? 2 : 1;
    const flags = index < chunk.length ? flagsOf(code) : 0;
    if (state === IN_CJK_RUN) {
      if (flags & CJK) {
        index += width;
        continue;
      }
      pushCjkRun(
        tokens,
        chunk.slice(start, index),
        options.cjkUnigrams,
        options.cjkBigrams,
        options.stopwords,
      );
    } else if (state === IN_HANGUL_RUN) {
      if (flags & HANGUL) {
        index += width;
        continue;
      }
      pushBigrams(tokens, Array.from(chunk.slice(start, index)), true);
    } else if (state === IN_WORD) {
      if (flags & MARK || (flags & LETTER_OR_NUMBER && !(flags & (CJK | HANGUL)))) {
        index += width;
        continue;
      }
      const word = chunk.slice(start, index);
      if (!options.stopwords.has(word))
        tokens.push(options.stem && ASCII_WORD.test(word) ? stemEnglishWord(word) : word);
    }
    state = NONE;
    if (index >= chunk.length) break;
    if (flags & CJK) state = IN_CJK_RUN;
    else if (flags & HANGUL) state = IN_HANGUL_RUN;
    else if (flags & LETTER_OR_NUMBER) state = IN_WORD;
    start = index;
    index += width;
  }
}

function pushCjkRun(
  tokens: string[],
  run: string,
  unigrams: boolean,
  bigrams: boolean,
  stopwords: ReadonlySet<string>,
): void {
  const characters = Array.from(run);
  let katakanaWord = '';
  for (const character of characters) {
    if (unigrams && isHan(character) && !stopwords.has(character)) tokens.push(character);
    // Katakana words are loanwords written without spaces: keep them whole as well.
    if (isKatakana(character)) katakanaWord += character;
    else {
      if (katakanaWord.length > 1) tokens.push(katakanaWord);
      katakanaWord = '';
    }
  }
  if (katakanaWord.length > 1) tokens.push(katakanaWord);
  if (bigrams) pushBigrams(tokens, characters, !unigrams);
}

/** Overlapping bigrams; a one-character run yields itself when `keepSingle`. */
function pushBigrams(tokens: string[], characters: string[], keepSingle: boolean): void {
  if (characters.length === 1) {
    if (keepSingle) tokens.push(characters[0]!);
    return;
  }
  for (let index = 0; index + 1 < characters.length; index++) {
    tokens.push(characters[index]! + characters[index + 1]!);
  }
}

/** Han script test with a fast path for the main CJK block (a regex per character is slow). */
function isHan(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x2e80) return false; // nothing Han before the CJK radicals block
  return HAN_PATTERN.test(character);
}

function isKatakana(character: string): boolean {
  const code = character.codePointAt(0)!;
  return (code >= 0x30a0 && code <= 0x30ff) || code === 0x30fc;
}
