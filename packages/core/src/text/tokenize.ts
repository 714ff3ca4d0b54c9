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

// One match per run: CJK ideographs + kana (Japanese has no spaces), hangul syllables, or a word
// of any other script (letters, marks, digits; inner apostrophes are dropped later).
const RUN_PATTERN =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+)|(\p{Script=Hangul}+)|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}][\p{M}]*)+)/gu;
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
  for (const match of normalized.matchAll(RUN_PATTERN)) {
    const [, cjkRun, hangulRun, word] = match;
    if (cjkRun !== undefined) {
      pushCjkRun(tokens, cjkRun, cjkUnigrams, cjkBigrams, stopwords);
    } else if (hangulRun !== undefined) {
      pushBigrams(tokens, Array.from(hangulRun), true);
    } else if (word !== undefined) {
      if (stopwords.has(word)) continue;
      tokens.push(stem && ASCII_WORD.test(word) ? stemEnglishWord(word) : word);
    }
  }
  return tokens;
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
    if (unigrams && HAN_PATTERN.test(character) && !stopwords.has(character))
      tokens.push(character);
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

function isKatakana(character: string): boolean {
  const code = character.codePointAt(0)!;
  return (code >= 0x30a0 && code <= 0x30ff) || code === 0x30fc;
}
