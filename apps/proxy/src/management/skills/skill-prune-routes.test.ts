import { fakeReply } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ProxyFixture, seedSkill, startFixture } from '../../test-support/proxy-fixture';

// Issue 15: usage on the skill routes; POST …/prune (dry run by default), …/restore.
const DAY = 24 * 3_600_000;

describe('usage and pruning over the API', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  let id: string;
  const api = (path: string, init: { method?: string; body?: unknown; user?: string } = {}) =>
    fetch(`${fixture.proxy.url}/v1/autoskill${path}`, {
      method: init.method ?? 'GET',
      headers: { 'x-autoskill-user': init.user ?? 'dana', 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const ask = async (stream: boolean, question = 'How do I brew green tea?') => {
    fixture.vendor?.script(fakeReply('Heat the water to 75 degrees and steep it for two minutes.'));
    const messages = [{ role: 'user' as const, content: question }];
    if (!stream) {
      const answer = await client.chat.completions.create({
        model: 'fake-model',
        messages,
        user: 'dana',
      });
      return (
        answer as unknown as { autoskill: { retrieval: { selected_for_context_ids: string[] } } }
      ).autoskill.retrieval.selected_for_context_ids;
    }
    const chunks = await client.chat.completions.create({
      model: 'fake-model',
      messages,
      user: 'dana',
      stream: true,
    });
    for await (const _chunk of chunks) {
      // drain
    }
    return [];
  };
  const usageOf = async () => (await (await api(`/skills/${id}`)).json()).data.usage;

  beforeAll(async () => {
    fixture = await startFixture({ config: { extractMode: 'never' } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    id = await seedSkill(fixture.autoskill, {
      name: 'green-tea',
      description: 'How to brew green tea well.',
      body: 'Use water at 75 degrees and steep for two minutes; never boiling water.',
      userId: 'dana',
    });
  });
  afterAll(() => fixture.close());
  afterEach(() => vi.useRealTimers());

  it('counts retrievals, injections and judged uses of answered turns (streamed too)', async () => {
    expect(await ask(false)).toEqual([id]);
    await ask(true, 'How hot should the water be for green tea?');
    await vi.waitFor(async () => expect((await usageOf()).used).toBe(2), { timeout: 5000 });
    const usage = await usageOf();
    expect(usage).toMatchObject({ retrieved: 2, injected: 2, used: 2 });
    expect(Date.parse(usage.last_used_at)).toBeGreaterThan(Date.now() - 60_000);
    const list = await (await api('/skills')).json();
    expect(list.data).toMatchObject([{ id, usage: { retrieved: 2, injected: 2, used: 2 } }]);
    // Usage is not content: still the first revision.
    expect((await (await api(`/skills/${id}/versions`)).json()).data).toHaveLength(1);
  });

  it('prunes (dry run by default), hides the archived skill from retrieval and restores it', async () => {
    const fresh = await (
      await api('/skills/prune', { method: 'POST', body: { unused_for: '30d' } })
    ).json();
    expect(fresh).toMatchObject({ object: 'prune_result', dry_run: true, checked: 1, data: [] });

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * DAY });
    const preview = await (
      await api('/skills/prune', { method: 'POST', body: { unused_for: '30d' } })
    ).json();
    expect(preview).toMatchObject({ dry_run: true, data: [{ id, usage: { used: 2 } }] });
    expect(preview.data[0].reason).toMatch(/^not used since/);
    expect((await (await api('/skills')).json()).data).toHaveLength(1);

    const pruned = await api('/skills/prune', {
      method: 'POST',
      body: { unused_for: '30d', dry_run: false },
    });
    expect(pruned.status).toBe(200);
    expect((await pruned.json()).data.map((skill: { id: string }) => skill.id)).toEqual([id]);
    expect((await (await api('/skills')).json()).data).toEqual([]);
    expect((await api(`/skills/${id}`)).status).toBe(404);
    expect(await ask(false)).toEqual([]); // no longer retrieved or injected
    const archived = await (await api('/skills?archived=1')).json();
    expect(archived).toMatchObject({
      archived: true,
      data: [{ id, reason: expect.stringMatching(/^pruned:/) }],
    });

    expect((await api(`/skills/${id}/restore`, { method: 'POST', user: 'erin' })).status).toBe(404);
    const restored = await api(`/skills/${id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({
      object: 'skill',
      data: { id, revision: 1 },
      history_count: 1,
    });
    expect(await ask(false)).toEqual([id]);
  });

  it('loses no count under concurrent requests', async () => {
    const before = await usageOf();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        client.chat.completions.create({
          model: 'fake-model',
          user: 'dana',
          messages: [{ role: 'user', content: `How do I brew green tea, take ${index}?` }],
        }),
      ),
    );
    const after = await usageOf();
    expect(after.retrieved - before.retrieved).toBe(20);
    expect(after.injected - before.injected).toBe(20);
  });

  it('archives by hand and refuses (409) to restore over a skill that took the folder', async () => {
    const other = await seedSkill(fixture.autoskill, {
      name: 'oolong',
      description: 'How to brew oolong.',
      body: 'Use water at 90 degrees.',
      userId: 'dana',
    });
    expect((await api(`/skills/${other}/archive`, { method: 'POST', user: 'erin' })).status).toBe(
      404,
    );
    const archived = await api(`/skills/${other}/archive`, {
      method: 'POST',
      body: { reason: 'test' },
    });
    expect(await archived.json()).toMatchObject({ ok: true, data: { id: other, reason: 'test' } });
    await seedSkill(fixture.autoskill, {
      name: 'oolong',
      description: 'Oolong, learned again.',
      body: 'Use water at 95 degrees.',
      userId: 'dana',
    });
    const refused = await api(`/skills/${other}/restore`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'conflict' });
  });

  it('answers bad options with 400 in the OpenAI error shape', async () => {
    for (const body of [{ unused_for: '30x' }, { unused_for: '30d', dry_run: 'yes' }, {}]) {
      const response = await api('/skills/prune', { method: 'POST', body });
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ type: 'invalid_request_error' });
      expect(['unused_for', 'dry_run']).toContain(error.param);
    }
    const missing = await api('/skills/00000000-0000-4000-8000-000000000000/restore', {
      method: 'POST',
    });
    expect(missing.status).toBe(404);
  });
});
