import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoSkill } from './auto-skill';

// Issue 15: a broken SKILL.md is reported once, not by every reader of the store (the client,
// its learning worker) nor on every search.
let store: TempDirectory | undefined;
afterEach(async () => {
  await store?.cleanup();
}, 60_000);

describe('a broken SKILL.md', () => {
  it('is warned about once while searching and learning', {
    tags: ['slow'],
    // ~13 s alone; a full CI run on 2 cores has taken over 60 s (a learning worker starts).
    timeout: 180_000,
  }, async () => {
    store = await createTempDirectory({
      'Users/u1/broken/SKILL.md': '---\nname: [broken\n---\nbody\n',
      'Users/u1/commit-messages/SKILL.md':
        '---\nname: commit-messages\ndescription: Write git commit messages in the imperative mood.\n---\nbody\n',
    });
    const warnings: string[] = [];
    const autoskill = new AutoSkill({
      storeDir: store.path,
      llm: { provider: 'mock' },
      embeddings: { provider: 'hashing' },
      env: {},
      learningWorker: true,
      logger: { info: () => {}, warn: (line) => warnings.push(line), error: () => {} },
    });
    try {
      await autoskill.search('commit message', { userId: 'u1' });
      await autoskill.ingest({
        userId: 'u1',
        messages: [
          {
            role: 'user',
            content: 'Before each release: run regression -> canary -> monitor -> full rollout.',
          },
        ],
      });
      const hits = await autoskill.search('commit message', { userId: 'u1' });
      expect(hits.map((hit) => hit.skill.name)).toContain('commit-messages');
    } finally {
      await autoskill.close();
    }
    expect(warnings.filter((line) => line.includes('Users/u1/broken/SKILL.md'))).toHaveLength(1);
  });
});
