import { describe, expect, it } from 'vitest';
import { useOfflineClient } from './test-support/offline-client';

const offline = useOfflineClient('diff');

async function skillWithTwoVersions(): Promise<string> {
  const first = await offline.client.ingest({
    userId: 'u1',
    messages: [
      {
        role: 'user',
        content: 'Before each release: run regression -> canary -> monitor -> full rollout.',
      },
    ],
  });
  const id = first.added[0]?.id as string;
  await offline.client.ingest({
    userId: 'u1',
    messages: [
      {
        role: 'user',
        content:
          'Before each release, also notify the on-call channel before the canary step, and never release on Fridays.',
      },
    ],
  });
  return id;
}

describe('diffVersions and exportSkillMd at a revision', () => {
  it('diffs the previous version against the current one by default, naming both', async () => {
    const id = await skillWithTwoVersions();
    const diff = await offline.client.diffVersions(id, { userId: 'u1' });
    expect([diff.from.version, diff.to.version]).toEqual(['0.1.0', '0.1.1']);
    expect(diff.identical).toBe(false);
    expect(diff.patch).toContain('--- v0.1.0 (revision 1)');
    expect(diff.patch).toContain('+++ v0.1.1 (revision 2)');
    expect(diff.patch).toMatch(/^\+.*Friday/im);
  });

  it('reads an old revision’s SKILL.md exactly and diffs named versions after a rollback', async () => {
    const id = await skillWithTwoVersions();
    const v010 = await offline.client.exportSkillMd(id, { revision: 1 });
    await offline.client.rollback(id, { toVersion: '0.1.0' });
    expect(await offline.client.exportSkillMd(id)).toBe(v010);
    const back = await offline.client.diffVersions(id, { from: { version: 'v0.1.1' } });
    expect([back.from.version, back.to.version, back.to.revision]).toEqual(['0.1.1', '0.1.0', 3]);
    expect(back.patch).toMatch(/^-.*Friday/im);
    const same = await offline.client.diffVersions(id, {
      from: { revision: 1 },
      to: { revision: 3 },
    });
    expect(same.identical).toBe(true);
  });

  it('says which version is missing, and hides other users’ skills', async () => {
    const id = await skillWithTwoVersions();
    await expect(offline.client.diffVersions(id, { from: { version: '9.9.9' } })).rejects.toThrow(
      /no version 9\.9\.9/,
    );
    await expect(offline.client.diffVersions(id, { userId: 'someone-else' })).rejects.toMatchObject(
      {
        code: 'SKILL_NOT_FOUND',
      },
    );
  });
});
