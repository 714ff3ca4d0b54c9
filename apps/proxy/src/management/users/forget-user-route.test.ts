import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fakeReply } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, seedSkill, startFixture } from '../../test-support/proxy-fixture';

// Issue 15: DELETE /v1/autoskill/users/{id} with the admin key leaves nothing of that user.
const ALICE_KEY = 'alice-key-0123456789';
const BOB_KEY = 'bob-key-0123456789';
const OPERATOR_KEY = 'operator-key-0123456789';
const ADMIN_KEY = 'admin-key-0123456789abcdef';
const ALICE_TEXT = 'Zanzibar quokka protocol: fold the vellum thrice before any borealis deploy.';
const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';

/** Every file under `root` (relative path → bytes), the store lock left out (it lingers briefly). */
async function tree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('store.lock')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path));
    }
  }
  await walk(root);
  return files;
}

describe('DELETE /v1/autoskill/users/{user_id}', () => {
  let fixture: ProxyFixture;
  const api = (path: string, options: { method?: string; key?: string; admin?: string } = {}) =>
    fetch(`${fixture.proxy.url}/v1/autoskill${path}`, {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${options.key ?? OPERATOR_KEY}`,
        ...(options.admin ? { 'x-autoskill-admin-key': options.admin } : {}),
      },
    });
  const forget = (user: string, admin?: string, key?: string) =>
    api(`/users/${user}`, {
      method: 'DELETE',
      ...(admin ? { admin } : {}),
      ...(key ? { key } : {}),
    });

  beforeAll(async () => {
    fixture = await startFixture({
      config: {
        extractMode: 'always',
        proxyApiKey: OPERATOR_KEY,
        userKeys: { [ALICE_KEY]: 'alice', [BOB_KEY]: 'bob' },
        adminApiKey: ADMIN_KEY,
      },
    });
    await seedSkill(fixture.autoskill, {
      name: 'vellum-deploy',
      description: 'Fold the vellum before a borealis deploy (use for deploys).',
      body: ALICE_TEXT,
      userId: 'alice',
    });
    await seedSkill(fixture.autoskill, {
      name: 'fern-audit',
      description: 'Water the ferns before an audit (use for audits).',
      body: 'Marmalade otter checklist: water the ferns before every quarterly audit.',
      userId: 'bob',
    });
    await seedSkill(fixture.autoskill, {
      name: 'invoice-tags',
      description: 'Tag invoices with their cost centre (use for invoices).',
      body: 'Shared library: tag every invoice with its cost centre.',
      library: 'finance',
    });
  });
  afterAll(() => fixture.close());

  it('refuses without the admin key, with a bad user id, and never echoes a key', async () => {
    for (const response of [
      await forget('alice'),
      await forget('alice', undefined, ALICE_KEY),
      await forget('alice', 'wrong-admin-key-0123456789'),
    ]) {
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: 'invalid_admin_key', type: 'authentication_error' });
      expect(JSON.stringify(body)).not.toContain('wrong-admin-key');
    }
    for (const user of ['%2A', '..%2Fbob', 'a%2Fb', '.hidden', '%20', 'a..b']) {
      const response = await forget(user, ADMIN_KEY);
      expect(response.status, user).toBe(400);
      expect((await response.json()).error).toMatchObject({
        code: 'invalid_user',
        param: 'user_id',
      });
    }
    expect((await api('/skills?user=alice')).status).toBe(200);
    expect((await (await api('/skills', { key: ALICE_KEY })).json()).data).toHaveLength(1);
  });

  it('forgets alice: skills, versions, vectors, sessions, jobs and traces; bob and the library stay byte-identical', async () => {
    // Alice chats (a trace and a learning job) and keeps a studio session.
    const alice = new OpenAI({
      baseURL: `${fixture.proxy.url}/v1`,
      apiKey: ALICE_KEY,
      maxRetries: 0,
    });
    fixture.vendor?.script(fakeReply('Noted.'));
    const { response } = await alice.chat.completions
      .create({ model: 'autoskill', messages: [{ role: 'user', content: RELEASE }] })
      .withResponse();
    const traceId = response.headers.get('x-autoskill-trace-id') as string;
    expect(traceId).toMatch(/^trace_/);
    await fixture.autoskill.learning.idle();
    const session = await fetch(`${fixture.proxy.url}/v1/autoskill/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: ALICE_TEXT }] }),
    });
    expect(session.status).toBe(200);
    const learned = (await (await api('/skills', { key: ALICE_KEY })).json()).data;
    expect(learned.length).toBe(2);
    expect((await api(`/traces/${traceId}`, { key: ALICE_KEY })).status).toBe(200);

    const before = await tree(fixture.storeDir);
    const forgotten = await forget('alice', ADMIN_KEY);
    expect(forgotten.status).toBe(200);
    expect(await forgotten.json()).toMatchObject({
      ok: true,
      object: 'autoskill.user_forgotten',
      user_id: 'alice',
      deleted_skills: 2,
      removed_sessions: true,
      removed_traces: 1,
    });

    const after = await tree(fixture.storeDir);
    for (const [path, bytes] of after) {
      expect(path.includes('alice'), path).toBe(false);
      const text = bytes.toString('latin1');
      for (const secret of [
        'alice',
        'quokka',
        'vellum',
        'canary',
        ...learned.map((s: { id: string }) => s.id),
      ])
        expect(text.includes(secret), `${path} mentions ${secret}`).toBe(false);
    }
    for (const [path, bytes] of before)
      if (path.startsWith('Users/bob/') || path.startsWith('Common/'))
        expect(after.get(path)?.equals(bytes), path).toBe(true);

    expect((await (await api('/skills', { key: ALICE_KEY })).json()).data).toEqual([]);
    expect((await (await api('/sessions', { key: ALICE_KEY })).json()).data).toEqual([]);
    expect((await (await api('/extractions', { key: ALICE_KEY })).json()).data).toEqual([]);
    expect((await api(`/traces/${traceId}`, { key: ALICE_KEY })).status).toBe(404);
    const search = await (
      await api('/skills/search?q=quokka+vellum+borealis&scope=all', { key: ALICE_KEY })
    ).json();
    expect(JSON.stringify(search)).not.toMatch(/quokka/);

    // Bob is served as before.
    const bob = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: BOB_KEY, maxRetries: 0 });
    fixture.vendor?.script(fakeReply('Water them.'));
    const answer = await bob.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: 'Marmalade otter: what before the quarterly audit?' }],
    });
    expect(answer.choices[0]?.message.content).toBe('Water them.');
    expect((await (await api('/skills', { key: BOB_KEY })).json()).data).toHaveLength(1);
  });
});

describe('a proxy without an admin key', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'none', config: { extractMode: 'never' } });
  });
  afterAll(() => fixture.close());

  it('refuses to forget anyone (403: admin routes are off)', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/autoskill/users/u1`, {
      method: 'DELETE',
      headers: { 'x-autoskill-admin-key': 'anything-0123456789abcdef' },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatchObject({
      code: 'admin_key_not_configured',
      type: 'permission_error',
    });
  });
});
