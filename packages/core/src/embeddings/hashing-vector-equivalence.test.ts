// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEachCorpus, skillFilesUnder } from '../test-support/shared-data';
import { tokenize } from '../text/tokenize';
import { featureHash } from './feature-hash';
import { hashingVector } from './hashing-embedding-model';

/** The vector as first defined: one string feature per token and per `#` + trigram. */
function hashingVectorByStrings(text: string, dimensions: number, ngramWeight = 0.5): Float32Array {
  const counts = new Map<string, number>();
  for (const token of tokenize(text)) {
    counts.set(token, (counts.get(token) ?? 0) + 1);
    if (ngramWeight > 0 && /^[\p{L}\p{N}]{4,}$/u.test(token)) {
      const padded = `<${token}>`;
      for (let index = 0; index + 3 <= padded.length; index++) {
        const gram = `#${padded.slice(index, index + 3)}`;
        counts.set(gram, (counts.get(gram) ?? 0) + ngramWeight);
      }
    }
  }
  const vector = new Float32Array(dimensions);
  for (const [feature, count] of counts) {
    const hash = featureHash(feature);
    const weight = count >= 1 ? 1 + Math.log(count) : count;
    vector[hash % dimensions]! += hash & 0x80000000 ? -weight : weight;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  return vector.map((value) => value * scale);
}

describeEachCorpus('hashingVector on real skills', (corpus) => {
  it('equals the string-feature definition on every SKILL.md (so stored vectors stay valid)', () => {
    const files = skillFilesUnder(corpus.root);
    expect(files.length).toBeGreaterThanOrEqual(corpus.minimumSkillFiles);
    for (const file of files) {
      const text = readFileSync(file, 'utf8').slice(0, 4000);
      const fast = hashingVector(text, 256);
      const reference = hashingVectorByStrings(text, 256);
      let largestDifference = 0;
      for (let index = 0; index < 256; index++)
        largestDifference = Math.max(largestDifference, Math.abs(fast[index]! - reference[index]!));
      expect(largestDifference, file).toBeLessThan(1e-6);
    }
  });
});

describe('hashingVector', () => {
  it('hashes trigrams at word edges and inside astral-plane words like the string form', () => {
    for (const text of ['release releases', 'naïve café', '𝒜𝒷𝒸𝒹𝑒 word', 'x'])
      expect(Array.from(hashingVector(text, 64))).toEqual(
        Array.from(hashingVectorByStrings(text, 64)),
      );
  });
});
