import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATA } from '../../../../../fixtures/corpora';
import { type ProxyFixture, startFixture } from '../../test-support/proxy-fixture';

const ORIGINAL_FILE = join(SAMPLE_DATA, 'web-sessions-dev', 'u11.json');
const ALICE_KEY = 'alice-key-0123456789';
const BOB_KEY = 'bob-key-0123456789';
const OPERATOR_KEY = 'operator-key-0123456789';

describe('studio session routes', () => {
  let fixture: ProxyFixture;
  const call = (
    path: string,
    options: { method?: string; body?: unknown; key?: string; raw?: string } = {},
  ) =>
    fetch(`${fixture.proxy.url}/v1/autoskill/sessions${path}`, {
      method: options.method ?? (options.body === undefined && !options.raw ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${options.key ?? ALICE_KEY}`,
        ...(options.body === undefined && !options.raw
          ? {}
          : { 'content-type': 'application/json' }),
      },
      ...(options.raw ? { body: options.raw } : {}),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });

  beforeAll(async () => {
    fixture = await startFixture({
      vendor: 'none',
      config: {
        extractMode: 'never',
        proxyApiKey: OPERATOR_KEY,
        userKeys: { [ALICE_KEY]: 'alice', [BOB_KEY]: 'bob' },
      },
    });
  });
  afterAll(() => fixture.close());

  it('creates, lists, reads, renames, updates and deletes a session, stored as one file per session', async () => {
    const created = await call('', {
      body: { messages: [{ role: 'user', content: 'Write a short report on tea.' }] },
    });
    expect(created.status).toBe(200);
    const session = await created.json();
    expect(session).toMatchObject({
      object: 'autoskill.session',
      user: 'alice',
      title: 'Write a short report on tea.',
      messages: [{ role: 'user', content: 'Write a short report on tea.' }],
    });
    const folder = join(fixture.storeDir, '.autoskill', 'sessions', 'alice');
    expect(await readdir(folder)).toEqual([`${session.id}.json`]);

    const list = await (await call('')).json();
    expect(list).toMatchObject({ object: 'list', user: 'alice' });
    expect(list.data).toEqual([
      expect.objectContaining({ id: session.id, message_count: 1, imported: false }),
    ]);

    const renamed = await call(`/${session.id}`, { method: 'PUT', body: { title: 'Tea' } });
    expect((await renamed.json()).title).toBe('Tea');
    const appended = await call(`/${session.id}`, {
      method: 'PUT',
      body: {
        messages: [
          ...session.messages,
          { role: 'assistant', content: 'Tea is…', trace_id: 'trace-1', meta: { injected: [] } },
        ],
        config: { scope: 'user' },
      },
    });
    const updated = await appended.json();
    expect(updated).toMatchObject({ title: 'Tea', config: { scope: 'user' } });
    expect(updated.messages).toHaveLength(2);
    expect(updated.updated_at).toBeGreaterThan(session.updated_at);
    const stored = JSON.parse(await readFile(join(folder, `${session.id}.json`), 'utf8'));
    expect(stored.messages[1]).toMatchObject({ content: 'Tea is…', trace_id: 'trace-1' });
    // No temp files are left beside it.
    expect(await readdir(folder)).toEqual([`${session.id}.json`]);

    const exported = await call(`/${session.id}/export`);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const file = await exported.json();
    expect(file.messages).toHaveLength(2);

    expect((await call(`/${session.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`/${session.id}`)).status).toBe(404);
    // An exported session imports again (into the caller's space).
    const reimported = await call('/import', { body: file, key: BOB_KEY });
    expect(reimported.status).toBe(200);
    expect((await reimported.json()).data[0]).toMatchObject({ id: session.id, imported: true });
    expect((await call(`/${session.id}`, { key: BOB_KEY })).status).toBe(200);
    await call(`/${session.id}`, { method: 'DELETE', key: BOB_KEY });
  });

  it("imports the original web UI's session file into the caller's space, idempotently", async () => {
    const original = JSON.parse(await readFile(ORIGINAL_FILE, 'utf8'));
    const response = await call('/import', { body: original, key: BOB_KEY });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ user: 'bob', imported_count: original.sessions.length });
    const first = original.sessions[0];
    const session = await (await call(`/${first.id}`, { key: BOB_KEY })).json();
    expect(session).toMatchObject({
      user: 'bob',
      title: first.meta.title,
      created_at: first.meta.created_at_ms,
      imported_from: { format: 'autoskill-web-ui', session_id: first.id, user_id: 'u11' },
    });
    expect(session.messages.map((message: { role: string }) => message.role)).toEqual(
      first.state.messages.map((message: { role: string }) => message.role),
    );
    expect(session.messages[0].content).toBe(first.state.messages[0].content);
    // The original's store path never comes along.
    expect(JSON.stringify(session.config)).not.toContain('/Users/');
    // Importing again replaces, not duplicates.
    await call('/import', { body: original, key: BOB_KEY });
    expect((await (await call('', { key: BOB_KEY })).json()).data).toHaveLength(
      original.sessions.length,
    );
    // Alice sees none of Bob's sessions; his ids are 404 for her, even to delete.
    expect((await (await call('')).json()).data).toEqual([]);
    expect((await call(`/${first.id}`)).status).toBe(404);
    expect((await call(`/${first.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(`/${first.id}/export`)).status).toBe(404);
    expect((await call(`/${first.id}`, { method: 'PUT', body: { title: 'x' } })).status).toBe(404);
    // A per-user key cannot name another user; the operator key can.
    expect((await call('?user=bob')).status).toBe(403);
    const operator = await call('?user=bob', { key: OPERATOR_KEY });
    expect((await operator.json()).data).toHaveLength(original.sessions.length);
  });

  it('answers bad input with 4xx in OpenAI error shape', async () => {
    const expectError = async (response: Response, status: number) => {
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
    };
    await expectError(await call('', { raw: '{not json' }), 400);
    await expectError(
      await call('', { body: { messages: [{ role: 'robot', content: 'x' }] } }),
      400,
    );
    await expectError(await call('', { body: { title: '' } }), 400);
    await expectError(await call('/import', { body: { sessions: 'nope' } }), 400);
    await expectError(await call('/import', { body: { hello: 1 } }), 400);
    await expectError(await call('/not-a-session', { method: 'PUT', body: {} }), 400);
    await expectError(await call('/..%2F..%2Fetc', {}), 404);
    await expectError(await call('/missing-id'), 404);
    await expectError(await call('', { key: 'wrong-key-000000' }), 401);
    const noKey = await fetch(`${fixture.proxy.url}/v1/autoskill/sessions`);
    await expectError(noKey, 401);
  });

  it('lists the session routes in openapi.json and the capabilities', async () => {
    const openapi = await (await fetch(`${fixture.proxy.url}/openapi.json`)).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/autoskill/sessions',
        '/v1/autoskill/sessions/import',
        '/v1/autoskill/sessions/{id}',
        '/v1/autoskill/sessions/{id}/export',
        '/v1/autoskill/whoami',
      ]),
    );
    const capabilities = await (
      await fetch(`${fixture.proxy.url}/v1/autoskill/capabilities`, {
        headers: { authorization: `Bearer ${ALICE_KEY}` },
      })
    ).json();
    expect(capabilities.data.sessions).toMatchObject({ list: '/v1/autoskill/sessions' });
    const whoami = await (
      await fetch(`${fixture.proxy.url}/v1/autoskill/whoami`, {
        headers: { authorization: `Bearer ${ALICE_KEY}` },
      })
    ).json();
    expect(whoami).toEqual({
      object: 'autoskill.identity',
      user: 'alice',
      auth: 'user_key',
      store: null,
    });
  });
});
