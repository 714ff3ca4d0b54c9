import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, seedSkill, startFixture } from '../test-support/proxy-fixture';

const PROXY_KEY = 'proxy-operator-key-0001';
const ALICE_KEY = 'sk-alice-0123456789abcdef';
const BOB_KEY = 'sk-bob-0123456789abcdef00';
const RELEASE =
  'Before each release: run regression -> canary -> monitor -> full rollout. Always do this.';

describe('auth, identity and per-user isolation', () => {
  let fixture: ProxyFixture;
  let aliceSkill: string;
  let librarySkill: string;
  let aliceJob: string;
  let aliceTrace: string;

  const call = (
    path: string,
    options: {
      key?: string;
      method?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) =>
    fetch(`${fixture.proxy.url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });

  beforeAll(async () => {
    fixture = await startFixture({
      config: { proxyApiKey: PROXY_KEY, userKeys: { [ALICE_KEY]: 'alice', [BOB_KEY]: 'bob' } },
    });
    aliceSkill = await seedSkill(fixture.autoskill, {
      userId: 'alice',
      name: 'alice-release',
      description: 'Alice release process with canary',
      body: 'Canary first, then full rollout.',
    });
    librarySkill = await seedSkill(fixture.autoskill, {
      library: 'team',
      name: 'shared-style',
      description: 'Team writing style guide',
      body: 'Write short sentences.',
    });
    const chat = await call('/v1/chat/completions', {
      key: ALICE_KEY,
      body: { messages: [{ role: 'user', content: RELEASE }] },
    });
    const answer = await chat.json();
    aliceTrace = answer.autoskill.trace_id;
    aliceJob = answer.autoskill.extraction.job_id;
    await fixture.autoskill.learning.waitFor(aliceJob);
  });
  afterAll(() => fixture.close());

  it('requires a key on every /v1/ route and leaves /health and /openapi.json open', async () => {
    const routes = fixture.proxy.routes.filter((route) => route.path.startsWith('/v1/'));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const path = route.path.replace(/:[a-z_]+/g, 'x');
      const missing = await call(path, {
        method: route.method.toUpperCase(),
        ...(route.method === 'get' || route.method === 'delete' ? {} : { body: {} }),
      });
      expect(missing.status, `${route.method} ${route.path} without a key`).toBe(401);
      expect((await missing.json()).error.code).toBe('invalid_api_key');
      const wrong = await call(path, {
        key: 'sk-wrong-key-000000000000',
        method: route.method.toUpperCase(),
        ...(route.method === 'get' || route.method === 'delete' ? {} : { body: {} }),
      });
      expect(wrong.status, `${route.method} ${route.path} with a wrong key`).toBe(401);
    }
    expect((await call('/health')).status).toBe(200);
    expect((await call('/openapi.json')).status).toBe(200);
  });

  it('takes the user from a per-user key and refuses claims to be someone else', async () => {
    const mine = await (await call('/v1/autoskill/skills', { key: ALICE_KEY })).json();
    expect(mine.user).toBe('alice');
    expect(mine.data.map((skill: { id: string }) => skill.id)).toContain(aliceSkill);
    expect(
      (
        await call('/v1/autoskill/skills', {
          key: ALICE_KEY,
          headers: { 'x-autoskill-user': 'alice' },
        })
      ).status,
    ).toBe(200);

    const headerClaim = await call('/v1/autoskill/skills', {
      key: BOB_KEY,
      headers: { 'x-autoskill-user': 'alice' },
    });
    expect(headerClaim.status).toBe(403);
    expect((await headerClaim.json()).error.code).toBe('forbidden');
    expect((await call('/v1/autoskill/skills?user=alice', { key: BOB_KEY })).status).toBe(403);
    const bodyClaim = await call('/v1/chat/completions', {
      key: BOB_KEY,
      body: { user: 'alice', messages: [{ role: 'user', content: 'hi' }] },
    });
    expect(bodyClaim.status).toBe(403);
    expect(
      (
        await call('/v1/autoskill/skills/search', {
          key: BOB_KEY,
          body: { query: 'release', user: 'alice' },
        })
      ).status,
    ).toBe(403);
  });

  it('lets the operator key act as any user, and validates claimed user ids', async () => {
    const asAlice = await (
      await call('/v1/autoskill/skills', {
        key: PROXY_KEY,
        headers: { 'x-autoskill-user': 'alice' },
      })
    ).json();
    expect(asAlice.data.map((skill: { id: string }) => skill.id)).toContain(aliceSkill);
    for (const bad of ['../../etc', 'a/b', '.hidden']) {
      const response = await call('/v1/autoskill/skills', {
        key: PROXY_KEY,
        headers: { 'x-autoskill-user': bad },
      });
      expect(response.status, bad).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_user');
    }
  });

  it('does not decode or trust unverified JWTs as identity', async () => {
    const payload = Buffer.from(JSON.stringify({ id: 'alice' })).toString('base64url');
    const response = await call('/v1/autoskill/skills', { key: `eyJhbGciOiJub25lIn0.${payload}.` });
    expect(response.status).toBe(401);
  });

  it("answers 404 for every route touching another user's skill and leaves it unchanged", async () => {
    const before = await fixture.autoskill.exportSkillMd(aliceSkill);
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/v1/autoskill/skills/${aliceSkill}`],
      ['GET', `/v1/autoskill/skills/${aliceSkill}?include_md=1`],
      ['GET', `/v1/autoskill/skills/${aliceSkill}/md`],
      [
        'PUT',
        `/v1/autoskill/skills/${aliceSkill}/md`,
        { skill_md: '---\nname: hacked\ndescription: x\n---\nhacked' },
      ],
      ['DELETE', `/v1/autoskill/skills/${aliceSkill}`],
      ['POST', `/v1/autoskill/skills/${aliceSkill}/rollback`, {}],
      ['GET', `/v1/autoskill/skills/${aliceSkill}/versions`],
      ['GET', `/v1/autoskill/skills/${aliceSkill}/export?format=files`],
      ['GET', `/v1/autoskill/skills/${aliceSkill}/export?format=md`],
      ['GET', `/v1/autoskill/skills/${aliceSkill}/export?format=zip`],
      ['GET', `/v1/autoskill/skills/${aliceSkill}/export?format=zip_base64`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(path, {
        key: BOB_KEY,
        method,
        ...(body === undefined ? {} : { body }),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
    expect(await fixture.autoskill.exportSkillMd(aliceSkill)).toBe(before);
    // The owner still can.
    expect((await call(`/v1/autoskill/skills/${aliceSkill}`, { key: ALICE_KEY })).status).toBe(200);
  });

  it("keeps another user's skills out of listings, search, retrieval preview and chat injection", async () => {
    const listed = await (await call('/v1/autoskill/skills?scope=all', { key: BOB_KEY })).json();
    expect(listed.data.map((skill: { id: string }) => skill.id)).toEqual([librarySkill]);
    const search = await (
      await call('/v1/autoskill/skills/search', {
        key: BOB_KEY,
        body: { query: 'Alice release process with canary', scope: 'all', limit: 10 },
      })
    ).json();
    expect(search.data.map((hit: { id: string }) => hit.id)).not.toContain(aliceSkill);
    const preview = await (
      await call('/v1/autoskill/retrieval/preview', {
        key: BOB_KEY,
        body: { query: 'Alice release process with canary', limit: 5 },
      })
    ).json();
    expect(preview.hits.map((hit: { id: string }) => hit.id)).not.toContain(aliceSkill);
    const chat = await (
      await call('/v1/chat/completions', {
        key: BOB_KEY,
        body: { messages: [{ role: 'user', content: 'Alice release process with canary' }] },
      })
    ).json();
    expect(chat.autoskill.retrieval.hits.map((hit: { id: string }) => hit.id)).not.toContain(
      aliceSkill,
    );
    const sent = fixture.vendor?.requests.at(-1)?.body as { messages: Array<{ content: string }> };
    expect(JSON.stringify(sent.messages)).not.toContain('Canary first');
  });

  it("answers 404 for another user's extraction jobs and traces, and hides them from lists", async () => {
    for (const path of [
      `/v1/autoskill/extractions/${aliceJob}`,
      `/v1/autoskill/extractions/${aliceJob}/events`,
      `/v1/autoskill/traces/${aliceTrace}`,
    ]) {
      const response = await call(path, { key: BOB_KEY });
      expect(response.status, path).toBe(404);
    }
    const list = await (await call('/v1/autoskill/extractions', { key: BOB_KEY })).json();
    expect(list.data.map((event: { job_id: string }) => event.job_id)).not.toContain(aliceJob);
    const latest = (await (await call('/v1/autoskill/extractions/latest', { key: BOB_KEY })).json())
      .data;
    expect(latest === null || (latest.user_id === 'bob' && latest.job_id !== aliceJob)).toBe(true);
    expect((await call(`/v1/autoskill/extractions/${aliceJob}`, { key: ALICE_KEY })).status).toBe(
      200,
    );
    expect((await call(`/v1/autoskill/traces/${aliceTrace}`, { key: ALICE_KEY })).status).toBe(200);
  });

  it('lets everyone read the library but nobody write it through the API', async () => {
    expect((await call(`/v1/autoskill/skills/${librarySkill}`, { key: BOB_KEY })).status).toBe(200);
    expect(
      (await call(`/v1/autoskill/skills/${librarySkill}/export?format=md`, { key: BOB_KEY }))
        .status,
    ).toBe(200);
    const writes: Array<[string, string, unknown?]> = [
      [
        'PUT',
        `/v1/autoskill/skills/${librarySkill}/md`,
        { skill_md: '---\nname: shared-style\ndescription: x\n---\nchanged' },
      ],
      ['DELETE', `/v1/autoskill/skills/${librarySkill}`],
      ['POST', `/v1/autoskill/skills/${librarySkill}/rollback`, {}],
    ];
    for (const [method, path, body] of writes) {
      const response = await call(path, {
        key: BOB_KEY,
        method,
        ...(body === undefined ? {} : { body }),
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect((await fixture.autoskill.get(librarySkill))?.instructions).toContain(
      'Write short sentences.',
    );
  });

  it('keeps the shared vector rebuild for the operator key', async () => {
    expect((await call('/v1/autoskill/vectors/rebuild', { key: BOB_KEY, body: {} })).status).toBe(
      403,
    );
    const rebuilt = await call('/v1/autoskill/vectors/rebuild', { key: PROXY_KEY, body: {} });
    expect(rebuilt.status).toBe(200);
    expect((await rebuilt.json()).data.status.totalSkills).toBeGreaterThan(0);
  });
});
