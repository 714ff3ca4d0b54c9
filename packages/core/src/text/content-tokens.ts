// Word-level tokens for comparing short texts (rules, titles, descriptions) while learning. Not the
// retrieval tokenizer (`tokenize`): no bigrams, a longer stoplist of rule vocabulary ("always",
// "must", "never"), and a cruder stem, so that two phrasings of one rule share their tokens.

const STOPWORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from i in into is it its me my of on or our so that the their them this to us was we were with you your will would should can could please always never every each all any do not don dont must make sure use using when while about after before then than also just only more most very'.split(
    ' ',
  ),
);

/** Light English stem so "reports"/"report" and "citing"/"cite" compare equal. */
function stem(word: string): string {
  if (word.length <= 4) return word.replace(/s$/, '');
  return word.replace(/(?:ies|ing|ed|es|s|e)$/, '');
}

/**
 * Content tokens of a short text: stemmed words (hyphenated and apostrophe words kept whole)
 * without stopwords, one-letter words or bare numbers, plus every Han character (Chinese has
 * no spaces). For comparing rules and titles, not for search (see `tokenize`).
 *
 * @example
 * contentTokens('Always cite every number in reports'); // ['cite', 'number', 'report']
 */
export function contentTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text
    .normalize('NFKC')
    .toLowerCase()
    .matchAll(/\p{Script=Han}|[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*/gu)) {
    const word = match[0];
    if (/\p{Script=Han}/u.test(word)) tokens.push(word);
    else if (word.length > 1 && !STOPWORDS.has(word) && !/^\d+$/.test(word))
      tokens.push(stem(word));
  }
  return tokens;
}

/**
 * Share of `part`'s content tokens that also occur in `whole` (0 when `part` has none).
 *
 * @example
 * containment('cite every number', 'Always cite every number in reports'); // 1
 */
export function containment(part: string, whole: string): number {
  const partTokens = new Set(contentTokens(part));
  if (partTokens.size === 0) return 0;
  const wholeTokens = new Set(contentTokens(whole));
  let shared = 0;
  for (const token of partTokens) if (wholeTokens.has(token)) shared++;
  return shared / partTokens.size;
}
