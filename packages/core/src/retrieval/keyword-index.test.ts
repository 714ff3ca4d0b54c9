import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/errors';
import { createKeywordIndex } from './keyword-index';

const documents: Record<string, Record<string, string>> = {
  release: {
    name: 'safe-release',
    description: 'Release in stages: regression, canary, monitor, rollout',
  },
  poem: {
    name: 'autumn-poem',
    description: 'Write a short poem about autumn',
    tags: 'poetry\nwriting',
  },
  word: { name: 'word-export', title: '转成Word格式', description: '把文档转成Word格式' },
  review: {
    name: 'code-review',
    description: 'Review a pull request for bugs',
    instructions: 'Check the release notes too.',
  },
};

describe('createKeywordIndex', () => {
  it('finds documents by weighted fields, best first, scores in [0, 1]', () => {
    const index = createKeywordIndex();
    for (const [id, fields] of Object.entries(documents)) index.upsert(id, fields);
    const matches = index.search('safe release');
    expect(matches.map((match) => match.id)).toEqual(['release', 'review']);
    expect(matches[0]!.score).toBeGreaterThan(matches[1]!.score);
    for (const match of matches) expect(match.score).toBeGreaterThan(0);
    for (const match of matches) expect(match.score).toBeLessThanOrEqual(1);
    expect(index.search('转成word')[0]!.id).toBe('word');
    expect(index.search('格式')[0]!.id).toBe('word');
  });

  it('ranks a fuller match higher instead of capping both at 1', () => {
    const index = createKeywordIndex();
    index.upsert('full', {
      name: 'release-canary',
      title: 'Release canary',
      description: 'Release with a canary',
      tags: 'release\ncanary',
    });
    index.upsert('partial', { name: 'release-notes', description: 'Draft release notes' });
    index.upsert('other', { name: 'autumn-poem', description: 'Write a poem' });
    const [first, second] = index.search('release canary');
    expect(first!.id).toBe('full');
    expect(first!.score).toBeLessThan(1);
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('accepts a length normalisation per field', () => {
    const index = createKeywordIndex({ b: { instructions: 0, name: 1 } });
    index.upsert('a', { name: 'alpha', instructions: 'alpha beta gamma delta' });
    expect(index.search('alpha')[0]!.id).toBe('a');
    expect(() => createKeywordIndex({ b: { name: 2 } })).toThrow(/\bb\b/);
  });

  it('returns nothing for queries without indexed terms', () => {
    const index = createKeywordIndex();
    index.upsert('poem', documents.poem!);
    expect(index.search('kubernetes')).toEqual([]);
    expect(index.search('')).toEqual([]);
  });

  it('gives the same results after incremental add, update and remove as a fresh build', () => {
    const incremental = createKeywordIndex();
    for (const [id, fields] of Object.entries(documents)) incremental.upsert(id, fields);
    incremental.upsert('extra', { name: 'release-notes', description: 'Draft release notes' });
    incremental.upsert('poem', {
      name: 'autumn-poem',
      description: 'Write a haiku about autumn and release',
    });
    incremental.remove('extra');
    incremental.remove('unknown');

    const fresh = createKeywordIndex();
    const final = {
      ...documents,
      poem: { name: 'autumn-poem', description: 'Write a haiku about autumn and release' },
    };
    for (const id of ['word', 'release', 'review', 'poem'])
      fresh.upsert(id, final[id as keyof typeof final]!);

    expect(incremental.size).toBe(4);
    for (const query of ['release', 'autumn haiku', 'Word 格式', 'bugs review release notes']) {
      const left = incremental.search(query, { topK: 10 });
      const right = fresh.search(query, { topK: 10 });
      expect(left.map((match) => match.id)).toEqual(right.map((match) => match.id));
      for (const [position, match] of left.entries()) {
        expect(match.score).toBeCloseTo(right[position]!.score, 10);
      }
    }
  });

  it('filters without changing the scores of the documents it keeps', () => {
    const index = createKeywordIndex();
    for (const [id, fields] of Object.entries(documents)) index.upsert(id, fields);
    const all = index.search('release');
    const filtered = index.search('release', { filter: (id) => id === 'review' });
    expect(filtered).toEqual([all.find((match) => match.id === 'review')]);
    expect(index.scoreIds('release', ['review', 'poem', 'missing'])).toEqual([
      filtered[0]!.score,
      0,
      0,
    ]);
  });

  it('honours topK and breaks ties by id', () => {
    const index = createKeywordIndex();
    index.upsert('b', { name: 'alpha' });
    index.upsert('a', { name: 'alpha' });
    index.upsert('c', { name: 'alpha' });
    expect(index.search('alpha', { topK: 2 }).map((match) => match.id)).toEqual(['a', 'b']);
  });

  it('validates its input', () => {
    const index = createKeywordIndex();
    expect(() => index.upsert('', {})).toThrow(InvalidArgumentError);
    expect(() => index.search('x', { topK: 0 })).toThrow(/topK/);
    expect(() => createKeywordIndex({ k1: -1 })).toThrow(/k1/);
    expect(() => createKeywordIndex({ fieldWeights: {} })).toThrow(/fieldWeights/);
  });
});

describe('createKeywordIndex query-term weights', () => {
  const mixed: Record<string, Record<string, string>> = {
    tsx: { name: 'tsx-structure', title: '生成TSX文件结构规范', tags: 'TSX\n文件结构' },
    pipeline: {
      name: 'azure-pipeline',
      title: 'CI最佳实践',
      description: '最佳实践清单',
      instructions: '遵循最佳实践。最佳实践包括缓存依赖。',
    },
    // 最佳实践 is common in a library; TSX is not.
    ...Object.fromEntries(
      ['git', 'sql', 'vue', 'css'].map((name) => [name, { name, description: `${name} 最佳实践` }]),
    ),
  };

  it('does not let the Chinese part of a mixed query drown its Latin word', () => {
    const index = createKeywordIndex();
    for (const [id, fields] of Object.entries(mixed)) index.upsert(id, fields);
    expect(index.search('TSX最佳实践')[0]!.id).toBe('tsx');
    // Counting every CJK token fully, the many 最佳实践 tokens outweigh the one rare word.
    const unweighted = createKeywordIndex({ queryTermWeight: () => 1 });
    for (const [id, fields] of Object.entries(mixed)) unweighted.upsert(id, fields);
    expect(unweighted.search('TSX最佳实践')[0]!.id).toBe('pipeline');
    const latinIgnored = createKeywordIndex({
      queryTermWeight: (term) => (term === 'tsx' ? 0 : 1),
    });
    for (const [id, fields] of Object.entries(mixed)) latinIgnored.upsert(id, fields);
    expect(latinIgnored.search('TSX最佳实践')[0]!.id).toBe('pipeline');
  });

  it('rejects a query-term weight that is not a function', () => {
    expect(() =>
      createKeywordIndex({ queryTermWeight: 0.5 as unknown as (term: string) => number }),
    ).toThrow(InvalidArgumentError);
  });
});

describe('keyword index compaction', () => {
  it('gives the same results as a fresh build after many removals and re-insertions', () => {
    const text = (index: number) => ({
      name: `skill-${index % 97}`,
      description: `handles ${['release', 'report', 'lab', 'email', 'invoice'][index % 5]} work number ${index}`,
      instructions: `step ${index % 13} then check ${index % 7}`,
    });
    const churned = createKeywordIndex();
    for (let index = 0; index < 3000; index++) churned.upsert(`d${index}`, text(index));
    for (let index = 0; index < 3000; index++) if (index % 3 !== 0) churned.remove(`d${index}`);
    for (let index = 0; index < 3000; index += 9) churned.upsert(`d${index}`, text(index + 1));
    const fresh = createKeywordIndex();
    for (let index = 0; index < 3000; index++) {
      if (index % 9 === 0) fresh.upsert(`d${index}`, text(index + 1));
      else if (index % 3 === 0) fresh.upsert(`d${index}`, text(index));
    }
    expect(churned.size).toBe(fresh.size);
    for (const query of ['release work', 'lab step 4', 'invoice number 1200', 'skill-5 check']) {
      expect(churned.search(query, { topK: 20 })).toEqual(fresh.search(query, { topK: 20 }));
      const ids = ['d0', 'd3', 'd9', 'd12', 'd2999', 'missing'];
      expect(churned.scoreIds(query, ids)).toEqual(fresh.scoreIds(query, ids));
    }
  });
});
