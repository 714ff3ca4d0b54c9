/**
 * 32-bit FNV-1a over UTF-16 code units followed by the murmur3 finaliser, so that low bits
 * (used for the bucket) and the top bit (used for the sign) are well mixed. Pure JS and
 * deterministic on every platform.
 */
export function featureHash(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return finalize(hash);
}

/** `featureHash` of the 4-code-unit string `a b c d`, without building it. */
export function featureHashOfCodes(a: number, b: number, c: number, d: number): number {
  let hash = 0x811c9dc5;
  hash = Math.imul(hash ^ a, 0x01000193);
  hash = Math.imul(hash ^ b, 0x01000193);
  hash = Math.imul(hash ^ c, 0x01000193);
  hash = Math.imul(hash ^ d, 0x01000193);
  return finalize(hash);
}

function finalize(input: number): number {
  let hash = input;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
