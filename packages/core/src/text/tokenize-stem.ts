const DOUBLE_CONSONANT = /([b-df-hj-np-tv-z])\1$/;

/**
 * A deliberately light English stemmer (plural, -ing, -ed, final -e/-y) so that "release",
 * "releases", "released" and "releasing" share one token. Words of three letters or fewer,
 * and anything that is not a lowercase ASCII word, are returned unchanged.
 */
export function stemEnglishWord(word: string): string {
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

function undouble(stem: string): string {
  return DOUBLE_CONSONANT.test(stem) && !/(ll|ss|zz)$/.test(stem) ? stem.slice(0, -1) : stem;
}
