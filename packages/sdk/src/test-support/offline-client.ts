import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { AutoSkill } from '../auto-skill';
import type { AutoSkillConfig } from '../config';

/**
 * For tests: a fresh client on the offline defaults (mock model, hashing embeddings) over a store
 * in a new temp folder before each test, closed and deleted after it. Read `.client` inside tests.
 */
export function useOfflineClient(
  prefix: string,
  overrides: () => Partial<AutoSkillConfig> = () => ({}),
): { readonly client: AutoSkill; readonly directory: string } {
  let client: AutoSkill | undefined;
  let directory: string | undefined;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), `autoskill-${prefix}-`));
    client = new AutoSkill({
      storeDir: join(directory, 'Skills'),
      logger: 'silent',
      llm: { provider: 'mock' },
      embeddings: { provider: 'hashing' },
      env: {},
      ...overrides(),
    });
  });
  afterEach(async () => {
    await client?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
    client = undefined;
  });
  return {
    get client() {
      if (!client) throw new Error('useOfflineClient: read .client inside a test');
      return client;
    },
    get directory() {
      if (!directory) throw new Error('useOfflineClient: read .directory inside a test');
      return directory;
    },
  };
}
