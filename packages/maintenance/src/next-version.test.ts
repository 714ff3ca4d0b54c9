import type { SkillRevision, SkillStore } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { nextMergeVersion } from './next-version';

function storeWithHistory(versions: string[]): SkillStore {
  const history: SkillRevision[] = versions.map((version, index) => ({
    revision: index + 1,
    version,
    savedAt: '2026-11-25T00:00:00Z',
  }));
  return { history: async () => history } as unknown as SkillStore;
}

describe('nextMergeVersion', () => {
  it('bumps the patch of the current version', async () => {
    expect(await nextMergeVersion(storeWithHistory(['0.1.0']), { id: 'a', version: '0.1.0' })).toBe(
      '0.1.1',
    );
  });

  it('never repeats a number after a rollback to an older version', async () => {
    // v0.1.0 → v0.1.1 → v0.1.2, then rolled back to v0.1.0's content and version.
    const store = storeWithHistory(['0.1.0', '0.1.1', '0.1.2', '0.1.0']);
    expect(await nextMergeVersion(store, { id: 'a', version: '0.1.0' })).toBe('0.1.3');
  });

  it('compares versions numerically', async () => {
    expect(
      await nextMergeVersion(storeWithHistory(['0.1.9', '0.1.10']), { id: 'a', version: '0.1.2' }),
    ).toBe('0.1.11');
  });
});
