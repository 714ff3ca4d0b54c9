import { describe, expect, it } from 'vitest';
import { createHashingEmbeddingModel } from '../embeddings/hashing-embedding-model';
import { createNoEmbeddingModel } from '../embeddings/no-embedding-model';
import { InvalidArgumentError } from '../errors/errors';
import { createInMemoryVectorIndex } from '../in-memory/in-memory-vector-index';
import type { EmbeddingModel } from '../spec/embedding-model';
import type { VectorIndex } from '../spec/vector-index';
import { createSkillRetriever, type RetrievableSkill } from './skill-retriever';

function skill(id: string, overrides: Partial<RetrievableSkill>): RetrievableSkill {
  return {
    id,
    name: id,
    description: '',
    instructions: '',
    tags: [],
    triggers: [],
    scope: 'common',
    owner: 'Common',
    ...overrides,
  };
}

const releaseSkill = skill('release', {
  name: 'release-process',
  title: 'Standard release process',
  description: 'Before each release: run regression -> canary -> monitor -> full rollout',
  instructions:
    '1. Run the regression suite.\n2. Canary 5% of traffic.\n3. Monitor error rates.\n4. Full rollout.',
  scope: 'user',
  owner: 'alice',
});

const library = [
  skill('poem', {
    name: 'autumn-poem',
    description: 'Write a short poem about autumn leaves',
    tags: ['poetry'],
  }),
  skill('sql', {
    name: 'sql-review',
    description: 'Review SQL queries for performance problems',
    tags: ['database'],
  }),
  skill('word', {
    name: 'docx-export',
    title: '转成Word格式',
    description: '把文章转成Word格式并保留标题层级',
  }),
  skill('deploy', {
    name: 'deploy-checklist',
    description: 'Checklist for deploying a web service to production',
  }),
];

function hashingRetriever(model: EmbeddingModel = createHashingEmbeddingModel()) {
  const vectorIndex = createInMemoryVectorIndex({ dimensions: model.dimensions! });
  return { retriever: createSkillRetriever({ embeddingModel: model, vectorIndex }), vectorIndex };
}

describe('createSkillRetriever', () => {
  it('returns the release skill first for "How should I do a safe release?"', async () => {
    const { retriever } = hashingRetriever();
    await retriever.index([releaseSkill, ...library]);
    const hits = await retriever.search('How should I do a safe release?', {
      scope: 'all',
      owner: 'alice',
    });
    expect(hits[0]).toMatchObject({ id: 'release' });
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits[0]!.vectorScore).toBeGreaterThan(0);
    expect(hits[0]!.keywordScore).toBeGreaterThan(0);
  });

  it('finds Chinese skills from a Chinese query', async () => {
    const { retriever } = hashingRetriever();
    await retriever.index(library);
    const hits = await retriever.search('帮我把这篇文章转成word', { scope: 'common' });
    expect(hits[0]!.id).toBe('word');
  });

  it("never returns one user's skill to another user", async () => {
    const { retriever } = hashingRetriever();
    await retriever.index([releaseSkill, ...library]);
    const forBob = await retriever.search('safe release regression canary', {
      scope: 'all',
      owner: 'bob',
      topK: 10,
    });
    expect(forBob.map((hit) => hit.id)).not.toContain('release');
    const bobOwn = await retriever.search('safe release regression canary', {
      scope: 'user',
      owner: 'bob',
    });
    expect(bobOwn).toEqual([]);
  });

  it('separates user, common and all scopes in one ranking', async () => {
    const { retriever } = hashingRetriever();
    await retriever.index([releaseSkill, ...library]);
    const query = 'release deploy production checklist';
    const user = await retriever.search(query, { scope: 'user', owner: 'alice', topK: 10 });
    const common = await retriever.search(query, { scope: 'common', topK: 10 });
    const all = await retriever.search(query, { scope: 'all', owner: 'alice', topK: 10 });
    expect(user.map((hit) => hit.id)).toEqual(['release']);
    expect(common.map((hit) => hit.id)).not.toContain('release');
    expect(common[0]!.id).toBe('deploy');
    // Scores do not depend on the scope: the same skill scores the same everywhere.
    const allScores = new Map(all.map((hit) => [hit.id, hit.score]));
    for (const hit of [...user, ...common])
      expect(allScores.get(hit.id)).toBeCloseTo(hit.score, 10);
    expect(all).toHaveLength(new Set([...user, ...common].map((hit) => hit.id)).size);
  });

  it('applies topK and minScore, sorted by score then id', async () => {
    const { retriever } = hashingRetriever();
    await retriever.index([releaseSkill, ...library]);
    const all = await retriever.search('review release poem deploy', {
      scope: 'all',
      owner: 'alice',
      topK: 10,
    });
    expect(all.length).toBeGreaterThan(2);
    for (let index = 1; index < all.length; index++)
      expect(all[index - 1]!.score).toBeGreaterThanOrEqual(all[index]!.score);
    const two = await retriever.search('review release poem deploy', {
      scope: 'all',
      owner: 'alice',
      topK: 2,
    });
    expect(two).toEqual(all.slice(0, 2));
    const threshold = all[1]!.score;
    const above = await retriever.search('review release poem deploy', {
      scope: 'all',
      owner: 'alice',
      topK: 10,
      minScore: threshold,
    });
    expect(above.every((hit) => hit.score >= threshold)).toBe(true);
    expect(above.length).toBeLessThan(all.length);
  });

  it('ranks by keywords only when embeddings are disabled', async () => {
    const retriever = createSkillRetriever({ embeddingModel: createNoEmbeddingModel() });
    await retriever.index([releaseSkill, ...library]);
    const hits = await retriever.search('How should I do a safe release?', {
      scope: 'all',
      owner: 'alice',
    });
    expect(hits[0]).toMatchObject({ id: 'release', vectorScore: undefined });
    expect(hits[0]!.score).toBe(hits[0]!.keywordScore);
    expect(
      await retriever.search('quantum chromodynamics', { scope: 'all', owner: 'alice' }),
    ).toEqual([]);
  });

  it('embeds only new or changed skills, and the query once per search', async () => {
    const base = createHashingEmbeddingModel();
    const calls: string[][] = [];
    const model: EmbeddingModel = {
      ...base,
      maxEmbeddingsPerCall: 2,
      doEmbed: (options) => {
        calls.push(options.values);
        return base.doEmbed(options);
      },
    };
    const { retriever, vectorIndex } = hashingRetriever(model);
    expect(await retriever.index(library)).toEqual({ indexed: 4, embedded: 4 });
    expect(calls.map((values) => values.length)).toEqual([2, 2]);
    expect(await retriever.index(library)).toEqual({ indexed: 4, embedded: 0 });
    const changed = { ...library[0]!, description: 'Write a haiku about spring' };
    expect(await retriever.index([changed])).toEqual({ indexed: 1, embedded: 1 });
    calls.length = 0;
    await retriever.search('spring haiku', { scope: 'all', owner: 'alice' });
    expect(calls).toEqual([['spring haiku']]);
    await retriever.remove(['poem']);
    expect(await vectorIndex.get('poem')).toBeUndefined();
    expect(retriever.has('poem')).toBe(false);
    expect(
      (await retriever.search('haiku spring', { scope: 'common' })).map((hit) => hit.id),
    ).not.toContain('poem');
  });

  it('falls back to keywords when the query cannot be embedded', async () => {
    const base = createHashingEmbeddingModel();
    let fail = false;
    const model: EmbeddingModel = {
      ...base,
      doEmbed: async (options) => {
        if (fail) throw new Error('vendor down');
        return base.doEmbed(options);
      },
    };
    const { retriever } = hashingRetriever(model);
    await retriever.index([releaseSkill, ...library]);
    fail = true;
    const hits = await retriever.search('safe release', { scope: 'all', owner: 'alice' });
    expect(hits[0]).toMatchObject({ id: 'release', vectorScore: undefined });
  });

  it('validates options', async () => {
    const { retriever } = hashingRetriever();
    await expect(retriever.search('x', { scope: 'user' })).rejects.toThrow(/owner/);
    await expect(
      retriever.search('x', { scope: 'everything' as 'all', owner: 'a' }),
    ).rejects.toThrow(InvalidArgumentError);
    await expect(retriever.search('x', { scope: 'common', topK: 0 })).rejects.toThrow(/topK/);
    await expect(retriever.index([{ ...library[0]!, scope: 'team' as 'user' }])).rejects.toThrow(
      /scope/,
    );
    expect(() =>
      createSkillRetriever({
        embeddingModel: createHashingEmbeddingModel({ dimensions: 64 }),
        vectorIndex: createInMemoryVectorIndex({ dimensions: 32 }),
      }),
    ).toThrow(/dimensions/);
    expect(await retriever.search('   ', { scope: 'common' })).toEqual([]);
  });

  it('ranks a skill that contains the query phrase above one with the same words reordered', async () => {
    // Same words, same lengths: keyword and hashing scores tie; only the word order differs.
    const phrased = skill('z-notes', { name: 'notes', description: 'release notes for a project' });
    const reordered = skill('a-notes', {
      name: 'notes',
      description: 'notes for a project release',
    });
    const model = createHashingEmbeddingModel();
    const search = async (weights?: { vector: number; keyword: number; phrase?: number }) => {
      const retriever = createSkillRetriever({
        embeddingModel: model,
        vectorIndex: createInMemoryVectorIndex({ dimensions: model.dimensions! }),
        weights,
      });
      await retriever.index([phrased, reordered]);
      return retriever.search('write release notes', { scope: 'common' });
    };
    const withPhrase = await search();
    expect(withPhrase.map((hit) => hit.id)).toEqual(['z-notes', 'a-notes']);
    expect(withPhrase[0]!.keywordScore).toBeCloseTo(withPhrase[1]!.keywordScore, 10);
    for (const hit of withPhrase) expect(hit.score).toBeLessThanOrEqual(1);
    const withoutPhrase = await search({ vector: 0.2, keyword: 0.8, phrase: 0 });
    expect(withoutPhrase.map((hit) => hit.id)).toEqual(['a-notes', 'z-notes']);
  });

  it('gives keyword candidates the same vector score whether the index honours alsoScore or not', async () => {
    const model = createHashingEmbeddingModel();
    const scanning = createInMemoryVectorIndex({ dimensions: model.dimensions! });
    let fetchedWithHint = 0;
    const honouring: VectorIndex = {
      ...scanning,
      getMany: (ids) => {
        fetchedWithHint += ids.length;
        return scanning.getMany!(ids);
      },
    };
    // An index without the hint (and without getMany): the retriever fetches vectors one by one.
    const inner = createInMemoryVectorIndex({ dimensions: model.dimensions! });
    const asked: string[][] = [];
    const ignoring: VectorIndex = {
      ...inner,
      query: ({ vector, topK, filter }) => inner.query({ vector, topK, filter }),
      getMany: undefined,
      get: (id) => {
        asked.push([id]);
        return inner.get(id);
      },
    };
    // More skills than the candidate pool (32), all sharing the query's keyword: some keyword
    // candidates fall outside the vector top K and need their vector score on the side.
    const topics = ['invoice', 'budget', 'travel', 'recipe', 'backup', 'dataset', 'contract'];
    const many = Array.from({ length: 80 }, (_, position) =>
      skill(`s${position}`, {
        name: `checklist-${position}`,
        description: `checklist for ${topics[position % 7]} ${topics[(position * 3) % 7]} number ${position}`,
      }),
    );
    const results = [];
    for (const vectorIndex of [honouring, ignoring]) {
      const retriever = createSkillRetriever({ embeddingModel: model, vectorIndex });
      await retriever.index(many);
      results.push(await retriever.search('checklist for a travel budget', { scope: 'common' }));
    }
    const [withHint, withoutHint] = results;
    // With the hint the scores came with the query; without it, vectors were fetched.
    expect(fetchedWithHint).toBe(0);
    expect(asked.length).toBeGreaterThan(0);
    expect(withHint!.map((hit) => hit.id)).toEqual(withoutHint!.map((hit) => hit.id));
    withHint!.forEach((hit, position) => {
      expect(hit.vectorScore).toBeCloseTo(withoutHint![position]!.vectorScore as number, 5);
    });
  });

  it('rejects negative blend weights', () => {
    const model = createHashingEmbeddingModel();
    const vectorIndex = createInMemoryVectorIndex({ dimensions: model.dimensions! });
    expect(() =>
      createSkillRetriever({ embeddingModel: model, vectorIndex, weights: { phrase: -1 } }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      createSkillRetriever({
        embeddingModel: model,
        vectorIndex,
        weights: { vector: 0, keyword: 0, phrase: 0 },
      }),
    ).toThrow(InvalidArgumentError);
  });
});
