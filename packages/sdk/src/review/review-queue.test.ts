import { AutoSkillError } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { useOfflineClient } from '../test-support/offline-client';

const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';
const FEEDBACK =
  'Before each release, also notify the on-call channel before the canary step, and never release on Fridays.';
const QUERY = 'How should I do a safe release?';

describe('review mode "learned"', () => {
  const context = useOfflineClient('review', () => ({ review: 'learned' }));

  it('keeps a learned skill as a draft: nothing is written or injected until it is approved', async () => {
    const client = context.client;
    const result = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    expect(result.added).toEqual([]);
    expect(result.drafted).toEqual([
      expect.objectContaining({ kind: 'add', draftId: expect.stringMatching(/^draft_/) }),
    ]);
    expect(await client.list({ userId: 'u1' })).toEqual([]);
    const turn = await client.prepareTurn({
      userId: 'u1',
      messages: [{ role: 'user', content: QUERY }],
    });
    expect(turn.skills).toEqual([]);
    expect(turn.context).toBe('');

    const [draft] = await client.review.list('u1');
    expect(draft).toMatchObject({ kind: 'add', userId: 'u1', baseRevision: 0 });
    const detail = await client.review.show('u1', draft?.id as string);
    expect(detail.skillMd).toMatch(/canary/);
    expect(detail.patch).toMatch(/^\+.*canary/m);
    expect(detail.stale).toBe(false);

    const skill = await client.review.approve('u1', draft?.id as string);
    expect(skill).toMatchObject({ revision: 1, owner: 'u1', version: '0.1.0' });
    expect(await client.review.list('u1')).toEqual([]);
    const hits = await client.search(QUERY, { userId: 'u1', scope: 'user' });
    expect(hits.map((hit) => hit.skill.id)).toEqual([skill.id]);
  });

  it('a merge draft becomes the next version when approved; rejected drafts are dropped', async () => {
    const client = context.client;
    const first = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    const added = await client.review.approve('u1', first.drafted?.[0]?.draftId as string);
    const second = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: FEEDBACK }],
    });
    expect(second.drafted).toEqual([expect.objectContaining({ kind: 'merge', id: added.id })]);
    expect((await client.get(added.id))?.revision).toBe(1);
    const detail = await client.review.show('u1', second.drafted?.[0]?.draftId as string);
    expect(detail.patch).toMatch(/^\+.*on-call/m);
    const merged = await client.review.approve('u1', detail.id);
    expect(merged).toMatchObject({ id: added.id, revision: 2, version: '0.1.1' });
    expect((await client.versions(added.id)).map((entry) => entry.version)).toEqual([
      '0.1.0',
      '0.1.1',
    ]);

    const third = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: 'Before each release, also page the release manager.' }],
    });
    const draftId = third.drafted?.[0]?.draftId as string;
    expect(draftId).toMatch(/^draft_/);
    expect((await client.review.reject('u1', draftId)).id).toBe(draftId);
    expect(await client.review.list('u1')).toEqual([]);
    expect((await client.get(added.id))?.revision).toBe(2);
  });

  it('refuses to approve a merge when the skill moved on meanwhile (CONFLICT, draft kept)', async () => {
    const client = context.client;
    const first = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    const skill = await client.review.approve('u1', first.drafted?.[0]?.draftId as string);
    const second = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: FEEDBACK }],
    });
    const draftId = second.drafted?.[0]?.draftId as string;
    // The user edits the skill by hand before reviewing the draft.
    const markdown = await client.exportSkillMd(skill.id);
    await client.saveSkillMd(skill.id, markdown.replace('canary', 'canary (5%)'), { userId: 'u1' });
    expect((await client.review.show('u1', draftId)).stale).toBe(true);
    const refused = client.review.approve('u1', draftId);
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(refused).rejects.toThrow(/changed since draft .* revision 1, now 2/);
    expect((await client.review.list('u1')).map((draft) => draft.id)).toEqual([draftId]);
    expect((await client.get(skill.id))?.revision).toBe(2);
  });

  it("never shows or approves another user's draft, and refuses bad ids", async () => {
    const client = context.client;
    const result = await client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    const draftId = result.drafted?.[0]?.draftId as string;
    await expect(client.review.show('u2', draftId)).rejects.toMatchObject({
      code: 'SKILL_NOT_FOUND',
    });
    await expect(client.review.approve('u2', draftId)).rejects.toMatchObject({
      code: 'SKILL_NOT_FOUND',
    });
    await expect(client.review.reject('u1', '../../etc')).rejects.toMatchObject({
      code: 'SKILL_NOT_FOUND',
    });
    await expect(client.review.list('../u1')).rejects.toBeInstanceOf(AutoSkillError);
    expect(await client.review.list('u1')).toHaveLength(1);
  });

  it('forget-user removes the user’s drafts', async () => {
    const client = context.client;
    await client.ingest({ userId: 'u1', messages: [{ role: 'user', content: RELEASE }] });
    const report = await client.forgetUser('u1');
    expect(report.removedAreas).toContain('drafts/u1');
    expect(await client.review.list('u1')).toEqual([]);
  });
});

describe('review mode off (default)', () => {
  const context = useOfflineClient('review-off');

  it('learning writes directly and leaves no drafts', async () => {
    const result = await context.client.ingest({
      userId: 'u1',
      messages: [{ role: 'user', content: RELEASE }],
    });
    expect(result.added).toHaveLength(1);
    expect(result.drafted).toBeUndefined();
    expect(await context.client.review.list('u1')).toEqual([]);
  });
});
