import { ENGLISH_STOPWORDS } from '../text/tokenize';
import { stemEnglishWord } from '../text/tokenize-stem';

// Han characters break a phrase (CJK bigrams are already keyword tokens); other words are kept.
const UNIT_PATTERN = /(\p{Script=Han})|([\p{L}\p{N}]+)/gu;
const ASCII_WORD = /^[a-z]+$/;

/**
 * Ordered word bigrams of a text ("release notes" → `releas note`): NFKC + lowercase, stopwords
 * dropped, ASCII words lightly stemmed, snake_case/kebab-case split. Bigrams never cross a line
 * break or a Han character. Used to reward skills whose name/title/description/tags contain the
 * query's phrases, not just its words.
 */
export function phraseBigrams(text: string): Set<string> {
  const bigrams = new Set<string>();
  if (typeof text !== 'string') return bigrams;
  for (const line of text.normalize('NFKC').toLowerCase().split('\n')) {
    let previous: string | undefined;
    for (const match of line.matchAll(UNIT_PATTERN)) {
      const word = match[2];
      if (word === undefined) {
        previous = undefined;
        continue;
      }
      if (ENGLISH_STOPWORDS.has(word)) continue;
      const unit = ASCII_WORD.test(word) ? stemEnglishWord(word) : word;
      if (previous !== undefined) bigrams.add(`${previous} ${unit}`);
      previous = unit;
    }
  }
  return bigrams;
}

/** Share of the query's bigrams found in a skill's bigrams, in [0, 1] (0 without query bigrams). */
export function phraseOverlap(query: ReadonlySet<string>, skill: ReadonlySet<string>): number {
  if (query.size === 0) return 0;
  let found = 0;
  for (const bigram of query) if (skill.has(bigram)) found++;
  return found / query.size;
}
