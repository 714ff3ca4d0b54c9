const STOPWORDS = new Set(
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
 * Content tokens for comparing short texts: stemmed English words without stopwords, plus every
 * Han character (Chinese has no spaces).
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

/** Share of `part`'s tokens that also occur in `whole` (0 when `part` has none). */
export function containment(part: string, whole: string): number {
  const partTokens = new Set(contentTokens(part));
  if (partTokens.size === 0) return 0;
  const wholeTokens = new Set(contentTokens(whole));
  let shared = 0;
  for (const token of partTokens) if (wholeTokens.has(token)) shared++;
  return shared / partTokens.size;
}

/** True when the text is mostly Chinese. */
export function isMostlyChinese(text: string): boolean {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]+/g) ?? []).length;
  return han > 0 && han >= latin;
}
