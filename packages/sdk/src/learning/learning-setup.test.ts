import { join } from 'node:path';
import { AutoSkillError } from '@autoskill/core';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoSkill } from '../auto-skill';
import { validateConfig } from '../config';

let store: TempDirectory | undefined;
const clients: AutoSkill[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await store?.cleanup();
  store = undefined;
});

async function client(config: ConstructorParameters<typeof AutoSkill>[0]): Promise<AutoSkill> {
  store ??= await createTempDirectory();
  const created = new AutoSkill({
    storeDir: store.path,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
    ...config,
  });
  clients.push(created);
  return created;
}

describe('learning options', () => {
  it('refuses bad queue bounds, naming the field', () => {
    for (const learningQueue of [
      { maxPerUser: 0 },
      { maxTotal: 1.5 },
      { jobStore: 'disk' },
      { max: 1 },
    ]) {
      let caught: unknown;
      try {
        validateConfig({ learningQueue });
      } catch (error) {
        caught = error;
      }
      expect(AutoSkillError.hasCode(caught, 'INVALID_ARGUMENT')).toBe(true);
      expect((caught as Error).message).toContain('config.learningQueue');
    }
    expect(() => validateConfig({ learningWorker: 'yes' })).toThrow(/learningWorker/);
  });

  it('keeps jobs under the local store by default, nowhere with a memory store or `none`', async () => {
    const local = await client({ learningQueue: { maxPerUser: 3, maxTotal: 7 } });
    await local.learning.start();
    expect(local.learning.stats()).toMatchObject({
      limits: { maxPerUser: 3, maxTotal: 7 },
      jobStore: `file:${join(store?.path as string, '.autoskill', 'jobs')}`,
      executor: 'in-thread',
    });
    const memory = await client({ store: 'memory' });
    await memory.learning.start();
    expect(memory.learning.stats().jobStore).toBe('none');
    const none = await client({ learningQueue: { jobStore: 'none' } });
    await none.learning.start();
    expect(none.learning.stats().jobStore).toBe('none');
  });
});
