import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { type FakeVendorServer, fakeReply, startFakeOpenAI } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../../server/start-proxy';

// Issue 15: review mode `learned` over the API — chat learns drafts, nothing is injected until approved.
const ALICE_KEY = 'alice-key-0123456789';
const BOB_KEY = 'bob-key-0123456789';
const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';
const FEEDBACK =
  'Before each release, also notify the on-call channel before the canary step, and never release on Fridays.';

describe('drafts routes (review mode "learned")', () => {
  let storeDir: string;
  let autoskill: AutoSkill;
  let vendor: FakeVendorServer;
  let proxy: RunningProxy;
  let alice: OpenAI;
  const api = (path: string, options: { method?: string; key?: string } = {}) =>
    fetch(`${proxy.url}/v1/autoskill${path}`, {
      method: options.method ?? 'GET',
      headers: { authorization: `Bearer ${options.key ?? ALICE_KEY}` },
    });
  const chat = async (content: string) => {
    vendor.script(fakeReply('Noted.'));
    const { data, response } = await alice.chat.completions
      .create({ model: 'autoskill', messages: [{ role: 'user', content }] })
      .withResponse();
    await autoskill.learning.idle();
    return { data: data as unknown as { autoskill: any }, response };
  };

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'autoskill-drafts-'));
    autoskill = new AutoSkill({
      storeDir,
      review: 'learned',
      llm: { provider: 'mock' },
      embeddings: { provider: 'hashing' },
      logger: 'silent',
      env: {},
    });
    vendor = await startFakeOpenAI({ apiKey: 'sk-upstream-secret' });
    proxy = await startProxy({
      autoskill,
      upstream: {
        kind: 'openai',
        provider: 'fake-openai',
        baseUrl: vendor.url,
        apiKey: 'sk-upstream-secret',
        model: 'fake-model',
        maxRetries: 0,
      },
      port: 0,
      config: {
        minScore: 0,
        extractMode: 'always',
        userKeys: { [ALICE_KEY]: 'alice', [BOB_KEY]: 'bob' },
      },
    });
    alice = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: ALICE_KEY, maxRetries: 0 });
  });
  afterAll(async () => {
    await proxy.close();
    await vendor.close();
    await autoskill.close();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('learns a draft from chat, injects nothing until approved, then injects the approved skill', async () => {
    const { data: capabilities } = await (await api('/capabilities')).json();
    expect(capabilities.drafts).toMatchObject({ review: 'learned', list: '/v1/autoskill/drafts' });
    await chat(RELEASE);
    const listed = await (await api('/drafts')).json();
    expect(listed).toMatchObject({ object: 'list', user: 'alice', review: 'learned' });
    expect(listed.data).toEqual([
      expect.objectContaining({ object: 'autoskill.draft', kind: 'add', base_revision: 0 }),
    ]);
    expect((await (await api('/skills')).json()).data).toEqual([]);
    const [job] = (await (await api('/extractions')).json()).data;
    expect(job).toMatchObject({
      added: [],
      drafted: [{ draft_id: listed.data[0].id, kind: 'add' }],
    });
    // Bob never sees Alice's draft.
    expect((await (await api('/drafts', { key: BOB_KEY })).json()).data).toEqual([]);
    const draftId = listed.data[0].id;
    expect((await api(`/drafts/${draftId}`, { key: BOB_KEY })).status).toBe(404);

    // Not approved: the next turn injects nothing.
    vendor.script(fakeReply('ok'));
    const before = await alice.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: 'How should I do a safe release?' }],
    });
    expect(
      (before as unknown as { autoskill: any }).autoskill.retrieval.injected_ids ?? [],
    ).toEqual([]);
    expect(JSON.stringify(vendor.requests.at(-1)?.body)).not.toMatch(/canary/);

    const detail = await (await api(`/drafts/${draftId}`)).json();
    expect(detail.skill_md).toMatch(/canary/);
    expect(detail.patch).toMatch(/^\+.*canary/m);
    const approved = await api(`/drafts/${draftId}/approve`, { method: 'POST' });
    expect(approved.status).toBe(200);
    const skill = (await approved.json()).data;
    expect(skill).toMatchObject({ owner: 'alice', version: '0.1.0' });

    vendor.script(fakeReply('ok'));
    await alice.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: 'How should I do a safe release?' }],
    });
    expect(JSON.stringify(vendor.requests.at(-1)?.body)).toMatch(/canary/);
  });

  it('a merge draft whose skill changed meanwhile is refused with 409; reject drops it', async () => {
    await autoskill.learning.idle();
    for (const draft of (await (await api('/drafts')).json()).data)
      await api(`/drafts/${draft.id}/reject`, { method: 'POST' });
    const [skill] = (await (await api('/skills')).json()).data;
    await chat(FEEDBACK);
    const [draft] = (await (await api('/drafts')).json()).data;
    expect(draft).toMatchObject({ kind: 'merge', skill_id: skill.id });
    // A hand edit moves the skill on before the draft is reviewed.
    const { skill_md: md } = await (await api(`/skills/${skill.id}/md`)).json();
    const edited = await fetch(`${proxy.url}/v1/autoskill/skills/${skill.id}/md`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ skill_md: md.replace('canary', 'canary (5%)') }),
    });
    expect(edited.status).toBe(200);
    expect((await (await api(`/drafts/${draft.id}`)).json()).stale).toBe(true);
    const refused = await api(`/drafts/${draft.id}/approve`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'conflict' });
    const rejected = await api(`/drafts/${draft.id}/reject`, { method: 'POST' });
    expect(await rejected.json()).toEqual({ ok: true, rejected: draft.id });
    expect((await (await api('/drafts')).json()).data).toEqual([]);
    expect(
      (await api('/drafts/draft_000000000000000000000000/approve', { method: 'POST' })).status,
    ).toBe(404);
  });
});
