import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, seedSkill, startFixture } from '../test-support/proxy-fixture';

const HEADER = 'X-OpenWebUI-User-Id';
const QUESTION = 'How should I brew green tea at home?';

/** What the vendor was sent as system text for the last request (where skills are injected). */
function systemText(fixture: ProxyFixture): string {
  const body = fixture.vendor?.requests.at(-1)?.body as {
    messages: Array<Record<string, unknown>>;
  };
  return body.messages
    .filter((message) => message.role === 'system')
    .map((message) => String(message.content))
    .join('\n');
}

async function seedTeaSkill(fixture: ProxyFixture): Promise<void> {
  await seedSkill(fixture.autoskill, {
    userId: 'alice',
    name: 'green-tea-brewing',
    description: 'How to brew green tea at home',
    body: 'Brew green tea at 80 °C for two minutes. MARKER-ALICE-TEA',
  });
}

describe('a trusted identity header (behind Open WebUI)', () => {
  let fixture: ProxyFixture;
  const whoami = (headers: Record<string, string>) =>
    fetch(`${fixture.proxy.url}/v1/autoskill/whoami`, { headers }).then(async (response) => ({
      status: response.status,
      body: await response.json(),
    }));

  beforeAll(async () => {
    fixture = await startFixture({
      config: { trustIdentityHeader: HEADER, extractMode: 'never', topK: 1 },
    });
    await seedTeaSkill(fixture);
  });
  afterAll(() => fixture.close());

  it('acts as the user the header names: the real openai client gets that user’s skills', async () => {
    const client = new OpenAI({
      baseURL: `${fixture.proxy.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: { [HEADER]: 'alice' },
    });
    await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: QUESTION }],
    });
    expect(systemText(fixture)).toContain('MARKER-ALICE-TEA');
    // The front end's users are not the operator: the store folder stays hidden from them.
    expect((await whoami({ [HEADER]: 'alice' })).body).toMatchObject({
      user: 'alice',
      auth: 'identity_header',
      store: null,
    });
  });

  it('without the header the request is the default user’s', async () => {
    const client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused' });
    await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: QUESTION }],
    });
    expect(systemText(fixture)).not.toContain('MARKER-ALICE-TEA');
    expect((await whoami({})).body.user).toBe('u1');
  });

  it('decodes the percent-encoding Open WebUI applies', async () => {
    expect((await whoami({ [HEADER]: 'alice%40example.com' })).body.user).toBe('alice@example.com');
  });

  it.each([
    ['a path', '../../etc'],
    ['spaces', 'Alice Smith'],
  ])('refuses a header value with %s with 400 naming the header', async (_what, value) => {
    const { status, body } = await whoami({ [HEADER]: value });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'invalid_user',
      type: 'invalid_request_error',
      param: HEADER.toLowerCase(),
    });
    expect(body.error.message).toContain(HEADER.toLowerCase());
  });

  it('refuses a body user that differs from the header (403), as with a per-user key', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HEADER]: 'alice' },
      body: JSON.stringify({ user: 'bob', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.type).toBe('permission_error');
  });
});

describe('the identity header without the opt-in', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ config: { extractMode: 'never' } });
    await seedTeaSkill(fixture);
  });
  afterAll(() => fixture.close());

  it('is ignored, even when its value is bad', async () => {
    const client = new OpenAI({
      baseURL: `${fixture.proxy.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: { [HEADER]: 'alice' },
    });
    await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: QUESTION }],
    });
    expect(systemText(fixture)).not.toContain('MARKER-ALICE-TEA');
    const response = await fetch(`${fixture.proxy.url}/v1/autoskill/whoami`, {
      headers: { [HEADER]: '../../etc' },
    });
    expect(response.status).toBe(200);
    expect((await response.json()).user).toBe('u1');
  });

  it('rejects a header name that is not one, and Authorization', async () => {
    const { resolveProxyConfig } = await import('../server/proxy-config');
    expect(() => resolveProxyConfig({ trustIdentityHeader: 'X User' })).toThrow(
      /must be an HTTP header name/,
    );
    expect(() => resolveProxyConfig({ trustIdentityHeader: 'authorization' })).toThrow(
      /cannot be Authorization/,
    );
  });
});
