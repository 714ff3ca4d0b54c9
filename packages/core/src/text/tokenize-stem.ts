/**
 * A deliberately light English stemmer (plural, -ing, -ed, final -e/-y) so that "release",
 * "releases", "released" and "releasing" share one token. Words of three letters or fewer,
 * and anything that is not a lowercase ASCII word, are returned unchanged.
 */
export function stemEnglishWord(word: string): string {
  if (word.length <= 3 || !isLowercaseAsciiWord(word)) return word;
  let stem = word;
  if (stem.endsWith('ies') && stem.length > 4) stem = `${stem.slice(0, -3)}y`;
  else if (stem.endsWith('sses')) stem = stem.slice(0, -2);
  else if (
    stem.endsWith('s') &&
    !stem.endsWith('ss') &&
    !stem.endsWith('us') &&
    !stem.endsWith('is')
  )
    stem = stem.slice(0, -1);
  if (stem.endsWith('ing') && stem.length >= 6) stem = undouble(stem.slice(0, -3));
  else if (stem.endsWith('ed') && stem.length >= 5) stem = undouble(stem.slice(0, -2));
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  if (stem.length > 3 && stem.endsWith('y')) stem = `${stem.slice(0, -1)}i`;
  return stem;
}

// Hot path of tokenization: plain loops instead of regular expressions.
function isLowercaseAsciiWord(word: string): boolean {
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (code < 97 || code > 122) return false;
  }
  return true;
}

const VOWELS = 'aeiou';

/** Drops a doubled final consonant ("runn" → "run"), except ll, ss and zz. */
function undouble(stem: string): string {
  const last = stem.charCodeAt(stem.length - 1);
  if (stem.length < 2 || last !== stem.charCodeAt(stem.length - 2)) return stem;
  const letter = stem[stem.length - 1] as string;
  if (VOWELS.includes(letter) || letter === 'l' || letter === 's' || letter === 'z') return stem;
  return last >= 97 && last <= 122 ? stem.slice(0, -1) : stem;
}
