// Synthetic skills for the store-open benchmark: deterministic (seeded), realistic lengths
// (description ~25 words, instructions ~200 words in a few markdown lines), spread over users
// and the shared library so scope filters do real work.
import type { SkillPutInput } from '@autoskill/core';

/** A tiny seeded PRNG (mulberry32): the same store for the same count on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON_WORDS = (
  'the a to of and for with when in on check run write review release deploy test build ' +
  'report summary table chart email letter meeting notes plan draft translate format convert ' +
  'python typescript sql database query api service server client error log debug fix ' +
  'document word excel pdf slide image data csv json yaml config docker kubernetes cloud ' +
  'budget invoice contract customer user team project task schedule deadline priority risk'
).split(' ');

/** ~3,000 made-up words, so the keyword index holds a realistic long tail of rare terms. */
function makeVocabulary(next: () => number): string[] {
  const syllables = 'ka lo mi ne ru sa te vi zo pa qu ex an or el is um ba de fi go'.split(' ');
  const words = new Set<string>();
  while (words.size < 3000) {
    let word = '';
    const length = 2 + Math.floor(next() * 3);
    for (let part = 0; part < length; part++)
      word += syllables[Math.floor(next() * syllables.length)];
    words.add(word);
  }
  return [...words];
}

/** `count` skills as `putMany` items: 90% user skills over 20 users (u1…u20), 10% library. */
export function syntheticSkills(count: number): SkillPutInput[] {
  const next = random(count);
  const vocabulary = makeVocabulary(next);
  const word = () =>
    next() < 0.6
      ? (COMMON_WORDS[Math.floor(next() * COMMON_WORDS.length)] as string)
      : (vocabulary[Math.floor(next() ** 2 * vocabulary.length)] as string);
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const skills: SkillPutInput[] = [];
  for (let index = 0; index < count; index++) {
    const user = index % 10 !== 9;
    const name = `${word()}-${word()}-${index}`.replace(/[^a-z0-9-]/g, '');
    const steps = Array.from({ length: 6 }, (_, step) => `${step + 1}. ${words(25)}.`);
    skills.push({
      id: globalThis.crypto.randomUUID(),
      name,
      title: name,
      description: `${words(20)}. Use when ${words(6)}.`,
      instructions: `# ${words(4)}\n\n${words(30)}.\n\n## Steps\n\n${steps.join('\n')}\n`,
      version: '0.1.0',
      tags: [word(), word(), word()],
      triggers: [words(5)],
      examples: [],
      metadata: {},
      extra: {},
      scope: user ? 'user' : 'common',
      owner: user ? `u${(index % 20) + 1}` : 'Common',
    });
  }
  return skills;
}
