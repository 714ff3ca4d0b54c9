import { contentTokens } from '@autoskill/core/internal';

/** Jaccard similarity of two texts' token sets. */
export function jaccard(left: string, right: string): number {
  const a = new Set(contentTokens(left));
  const b = new Set(contentTokens(right));
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Lowercase letters and digits only: "Cite every number." and "- cite every number" compare equal. */
export function comparisonKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*(?:[-*•+]|\d{1,3}[.)、])\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * True when two rule lines say the same thing: equal keys, or one contained in the other (the
 * longer phrasing wins nothing: the existing line is kept).
 */
export function sameRule(left: string, right: string): boolean {
  const a = comparisonKey(left);
  const b = comparisonKey(right);
  if (!a || !b) return false;
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const han = /\p{Script=Han}/u.test(shorter);
  if (han ? shorter.replace(/\s/g, '').length >= 4 : shorter.split(' ').length >= 3) {
    return (
      ` ${longer} `.includes(` ${shorter} `) ||
      (han && longer.replace(/\s/g, '').includes(shorter.replace(/\s/g, '')))
    );
  }
  return false;
}
