import { describe, expect, it } from 'vitest';
import { createHashingEmbeddingModel } from '../embeddings/hashing-embedding-model';
import { InvalidArgumentError } from '../errors/errors';
import { createInMemoryVectorIndex } from '../in-memory/in-memory-vector-index';
import { createKeywordIndex } from './keyword-index';
import { createSkillRetriever, type RetrievableSkill } from './skill-retriever';

const skills: RetrievableSkill[] = [
  {
    id: 'release',
    name: 'release-process',
    title: 'Standard release process',
    description: 'Before each release: run regression, canary, monitor, full rollout',
    instructions: '1. Run the regression suite.\n2. Canary 5% of traffic.',
    tags: ['release notes'],
    scope: 'user',
    owner: 'alice',
  },
  {
    id: 'deploy',
    name: 'deploy-checklist',
    description: 'Checklist for deploying a web service to production',
    instructions: 'Check the release notes first.',
    scope: 'common',
    owner: 'Common',
  },
  {
    id: 'bob-release',
    name: 'bob-release',
    description: 'Release notes in the team wiki',
    instructions: '',
    scope: 'user',
    owner: 'bob',
  },
];
const searches = [
  { query: 'release notes', scope: 'all', owner: 'alice' },
  { query: 'deploy the web service', scope: 'common' },
  { query: 'release notes', scope: 'user', owner: 'bob' },
] as const;

describe('skill retriever snapshots', () => {
  it('a retriever restored from a snapshot (same vector index) answers like the original', async () => {
    const embeddingModel = createHashingEmbeddingModel();
    const vectorIndex = createInMemoryVectorIndex({ dimensions: embeddingModel.dimensions! });
    const original = createSkillRetriever({ embeddingModel, vectorIndex });
    await original.index(skills);
    const restored = createSkillRetriever({
      embeddingModel,
      vectorIndex,
      snapshot: original.snapshot()!,
    });
    expect([...restored.ids()].sort()).toEqual(['bob-release', 'deploy', 'release']);
    for (const { query, ...options } of searches)
      expect(await restored.search(query, options)).toEqual(await original.search(query, options));
    // Unchanged skills are recognised as fresh: nothing is embedded again.
    expect(await restored.index(skills)).toEqual({ indexed: 3, embedded: 0 });
    await restored.remove(['deploy']);
    expect(await restored.search('deploy the web service', { scope: 'common' })).toEqual([]);
  });

  it('rejects a malformed snapshot and one combined with a custom keyword index', () => {
    const embeddingModel = createHashingEmbeddingModel();
    const snapshot = createSkillRetriever({ embeddingModel }).snapshot()!;
    expect(() =>
      createSkillRetriever({ embeddingModel, snapshot: { ...snapshot, owners: ['x'] } }),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      createSkillRetriever({ embeddingModel, snapshot, keywordIndex: createKeywordIndex() }),
    ).toThrow(/keywordIndex/);
  });
});
