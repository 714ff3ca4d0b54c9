import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors';
import { createKeywordIndex, type KeywordIndex } from './keyword-index';

const documents: Record<string, Record<string, string>> = {
  release: { name: 'safe-release', description: 'Release in stages: canary, monitor, rollout' },
  poem: { name: 'autumn-poem', description: 'Write a short poem about autumn', tags: 'poetry' },
  word: { name: 'word-export', title: '转成Word格式', description: '把文档转成Word格式' },
  review: {
    name: 'code-review',
    description: 'Review a pull request for bugs',
    instructions: 'Check the release notes too.',
  },
};
const queries = ['safe release', 'autumn poem', '转成word', 'review the release notes', 'bugs'];

function results(index: KeywordIndex) {
  return queries.map((query) => ({
    search: index.search(query, { topK: 10 }),
    scores: index.scoreIds(query, Object.keys(documents)),
  }));
}

describe('keyword index snapshots', () => {
  it('a restored index ranks and scores exactly like the one it was taken from', () => {
    const original = createKeywordIndex();
    for (const [id, fields] of Object.entries(documents)) original.upsert(id, fields);
    original.remove('poem');
    original.upsert('poem', { name: 'winter-poem', description: 'A poem about snow' });
    const restored = createKeywordIndex({ snapshot: original.snapshot!() });
    expect(restored.size).toBe(original.size);
    expect(results(restored)).toEqual(results(original));
  });

  it('a restored index takes writes and removals like a live one', () => {
    const live = createKeywordIndex();
    for (const [id, fields] of Object.entries(documents)) live.upsert(id, fields);
    const restored = createKeywordIndex({ snapshot: live.snapshot!() });
    for (const index of [live, restored]) {
      index.remove('release');
      index.upsert('review', { name: 'code-review', description: 'Review release candidates' });
      index.upsert('new', { name: 'release-notes', description: 'Write release notes' });
    }
    expect(restored.has('release')).toBe(false);
    expect(results(restored)).toEqual(results(live));
    // A snapshot of the restored index (mixed restored and live documents) restores too.
    expect(results(createKeywordIndex({ snapshot: restored.snapshot!() }))).toEqual(results(live));
  });

  it('survives compaction after many removals of restored documents', () => {
    const live = createKeywordIndex();
    for (let n = 0; n < 3000; n++)
      live.upsert(`doc-${n}`, { name: `skill-${n}`, description: `topic ${n % 7} release` });
    const restored = createKeywordIndex({ snapshot: live.snapshot!() });
    for (const index of [live, restored]) for (let n = 0; n < 2500; n++) index.remove(`doc-${n}`);
    expect(restored.size).toBe(500);
    expect(restored.search('topic 3 release', { topK: 20 })).toEqual(
      live.search('topic 3 release', { topK: 20 }),
    );
  });

  it('keeps only the frequencies of fields that hold a term, and removes restored documents exactly', () => {
    const original = createKeywordIndex();
    for (const [id, fields] of Object.entries(documents)) original.upsert(id, fields);
    const snapshot = original.snapshot!();
    const rows = snapshot.postingDocuments.length;
    expect(snapshot.postingFieldMasks.length).toBe(rows);
    // Each row holds a term in at least one field, and far fewer than all of them.
    expect(snapshot.postingFrequencyValues.length).toBeGreaterThanOrEqual(rows);
    expect(snapshot.postingFrequencyValues.length).toBeLessThan(rows * snapshot.fields.length);
    const restored = createKeywordIndex({ snapshot });
    for (const index of [original, restored]) index.remove('review');
    expect(results(restored)).toEqual(results(original));
    // A snapshot of the restored index (removals included) restores to the same rankings.
    expect(results(createKeywordIndex({ snapshot: restored.snapshot!() }))).toEqual(
      results(original),
    );
  });

  it('rejects a snapshot of other fields or another format', () => {
    const snapshot = createKeywordIndex().snapshot!();
    expect(() =>
      createKeywordIndex({ snapshot, fieldWeights: { name: 1, description: 1 } }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      createKeywordIndex({ snapshot: { ...snapshot, format: 1 as unknown as 2 } }),
    ).toThrow(/format 2/);
  });
});
