import { type FakeBehaviour, fakeError } from '@autoskill/test-vendors';
import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../server/start-proxy';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';

// The fixture's vendor keys (proxy-fixture.ts).
const OPENAI_KEY = 'sk-upstream-secret';
const ANTHROPIC_KEY = 'sk-ant-secret';

/** Everything a client can see of a failed call: status, headers and body, as one text. */
async function rawFailure(
  proxyUrl: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${proxyUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
  const seen = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  return { status: response.status, text: `${seen}\n\n${await response.text()}` };
}

/** What the `openai` client raises for a failed call (APIError), as one text. */
function errorText(error: unknown): string {
  const failure = error as APIError;
  return [
    failure.message,
    JSON.stringify(failure.error),
    [...(failure.headers ?? new Headers())].join('\n'),
  ].join('\n');
}

function expectNoKey(text: string, key: string) {
  expect(text).not.toContain(key);
  // Not even the tail of a Bearer token.
  expect(text).not.toMatch(/Bearer (?!\[redacted\])/);
}

async function streamError(
  client: OpenAI,
  model: string,
): Promise<{ error: unknown; text: string }> {
  let text = '';
  const error = await (async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  })().catch((caught) => caught);
  return { error, text };
}

describe('vendor errors that echo the key never reach the client (OpenAI-compatible upstream)', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  beforeAll(async () => {
    fixture = await startFixture({ config: { extractMode: 'never', embeddings: 'upstream' } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.vendor?.reset());
  const script = (...behaviours: FakeBehaviour[]) => fixture.vendor?.script(...behaviours);

  it('redacts a JSON error body, keeping the status and OpenAI’s error shape (stream or not)', async () => {
    script({ kind: 'echo-key' }, { kind: 'echo-key' });
    const error = await client.chat.completions
      .create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.code).toBe('invalid_api_key');
    expect(error.type).toBe('invalid_request_error');
    expect(error.error.message).toMatch(/^Incorrect API key provided: Bearer \[redacted\]\./);
    expectNoKey(errorText(error), OPENAI_KEY);

    const streamed = await streamError(client, 'fake-model');
    expect((streamed.error as APIError).status).toBe(401);
    expectNoKey(errorText(streamed.error), OPENAI_KEY);
    expect(fixture.vendor?.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${OPENAI_KEY}`,
      `Bearer ${OPENAI_KEY}`,
    ]);
  });

  it('redacts a plain-text 500 body, stream or not', async () => {
    script(
      { kind: 'echo-key', status: 500, format: 'text' },
      { kind: 'echo-key', status: 500, format: 'text' },
    );
    const error = await client.chat.completions
      .create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.error.message).toContain('Incorrect API key provided: Bearer [redacted].');
    expectNoKey(errorText(error), OPENAI_KEY);
    const raw = await rawFailure(fixture.proxy.url, { stream: true });
    expect(raw.status).toBe(500);
    expectNoKey(raw.text, OPENAI_KEY);
  });

  it('redacts an error event inside a 200 stream', async () => {
    script({ kind: 'echo-key', format: 'sse' }, { kind: 'echo-key', format: 'sse' });
    const streamed = await streamError(client, 'fake-model');
    expect(streamed.error).toBeInstanceOf(OpenAI.APIError);
    expect(String((streamed.error as Error).message)).toContain('Bearer [redacted]');
    expectNoKey(errorText(streamed.error), OPENAI_KEY);
    const raw = await rawFailure(fixture.proxy.url, { stream: true });
    expectNoKey(raw.text, OPENAI_KEY);
  });

  it('redacts the key from the headers it passes on', async () => {
    script({ kind: 'echo-key', status: 429, inHeaders: true });
    const raw = await rawFailure(fixture.proxy.url, {});
    expect(raw.status).toBe(429);
    expect(raw.text).toContain('x-request-id: req_Bearer [redacted]');
    expectNoKey(raw.text, OPENAI_KEY);
  });

  it('redacts key-looking tokens it never sent (other keys, Bearer tokens, JWTs)', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXZhbHVl';
    script(
      fakeError(
        400,
        `key sk-proj-Other1234567890abcdef was revoked; header was Bearer tok_987654321; token ${jwt}`,
      ),
    );
    const error = await client.chat.completions
      .create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error.status).toBe(400);
    expect(error.error.message).toBe(
      'key [redacted] was revoked; header was Bearer [redacted]; token [redacted]',
    );
  });

  it('redacts /v1/embeddings errors from the upstream too', async () => {
    script({ kind: 'echo-key', status: 401, format: 'text' });
    const response = await fetch(`${fixture.proxy.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x' }),
    });
    expect(response.status).toBe(401);
    expectNoKey(await response.text(), OPENAI_KEY);
  });

  it('redacts the client’s own key when the proxy passes it through', async () => {
    let proxy: RunningProxy | undefined;
    try {
      const { apiKey: _apiKey, ...keyless } = fixture.proxy.upstream as { apiKey?: string };
      proxy = await startProxy({
        autoskill: fixture.autoskill,
        upstream: keyless as typeof fixture.proxy.upstream,
        port: 0,
        config: { extractMode: 'never' },
      });
      script({ kind: 'echo-key', status: 401, format: 'text' });
      const raw = await rawFailure(proxy.url, {}, { authorization: `Bearer ${OPENAI_KEY}-client` });
      expect(raw.status).toBe(401);
      expectNoKey(raw.text, `${OPENAI_KEY}-client`);
      expect(fixture.vendor?.requests.at(-1)?.headers.authorization).toBe(
        `Bearer ${OPENAI_KEY}-client`,
      );
    } finally {
      await proxy?.close();
    }
  });
});

describe('vendor errors that echo the key never reach the client (Anthropic upstream)', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'anthropic', config: { extractMode: 'never' } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.vendor?.reset());

  it('redacts JSON and plain-text errors and error events, stream or not', async () => {
    fixture.vendor?.script(
      { kind: 'echo-key', status: 403 },
      { kind: 'echo-key', status: 500, format: 'text' },
      { kind: 'echo-key', status: 403 },
      { kind: 'echo-key', format: 'sse' },
    );
    const json = await client.chat.completions
      .create({ model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(json.status).toBe(403);
    expect(json.type).toBe('permission_error');
    expectNoKey(errorText(json), ANTHROPIC_KEY);
    const text = await rawFailure(fixture.proxy.url, { model: 'claude-fake' });
    expect(text.status).toBe(500);
    expectNoKey(text.text, ANTHROPIC_KEY);
    const streamedJson = await streamError(client, 'claude-fake');
    expect((streamedJson.error as APIError).status).toBe(403);
    expectNoKey(errorText(streamedJson.error), ANTHROPIC_KEY);
    const event = await streamError(client, 'claude-fake');
    expect(event.error).toBeInstanceOf(Error);
    expectNoKey(errorText(event.error), ANTHROPIC_KEY);
    expect(fixture.vendor?.requests.map((request) => request.headers.authorization)).toEqual(
      Array(4).fill(`Bearer ${ANTHROPIC_KEY}`),
    );
  });

  it('redacts key-looking tokens it never sent', async () => {
    fixture.vendor?.script(
      fakeError(
        400,
        'key sk-proj-Other1234567890abcdef was revoked; header was Bearer tok_987654321',
      ),
    );
    const error = await client.chat.completions
      .create({ model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error.status).toBe(400);
    expect(error.error.message).toBe('key [redacted] was revoked; header was Bearer [redacted]');
  });
});
