import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProxyFixture, readSse, startFixture } from '../test-support/proxy-fixture';

/** A raw POST (chunked when `chunked`), so no client adds or checks a Content-Length. */
function post(
  url: string,
  body: string,
  options: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          ...options.headers,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers }),
        );
      },
    );
    call.on('error', reject);
    if (options.chunked) {
      // Two writes: Node sends them with chunked transfer encoding.
      call.write(body.slice(0, 10));
      call.end(body.slice(10));
    } else call.end(body);
  });
}

describe('chat completions on the Node server (the hot path outside Hono)', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({
      config: { maxBodyBytes: 2048, proxyApiKey: 'proxy-key-123' },
    });
  });
  afterAll(() => fixture.close());
  const chatUrl = () => `${fixture.proxy.url}/v1/chat/completions`;
  const auth = { authorization: 'Bearer proxy-key-123' };

  it('refuses a missing key and an oversized body, declared or chunked, in OpenAI’s shape', async () => {
    const small = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
    const unauthorized = await post(chatUrl(), small);
    expect(unauthorized.status).toBe(401);
    expect(JSON.parse(unauthorized.body).error.code).toBe('invalid_api_key');
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    for (const chunked of [false, true]) {
      const refused = await post(chatUrl(), big, { chunked, headers: auth });
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).error.code).toBe('request_too_large');
    }
    expect(fixture.vendor?.requests).toHaveLength(0);
  });

  it('streams with the trace header and takes the user from ?user=', async () => {
    const response = await fetch(`${chatUrl()}?user=carol`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'stream it' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const traceId = response.headers.get('x-autoskill-trace-id') as string;
    const events = await readSse(response);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const trace = await fetch(`${fixture.proxy.url}/v1/autoskill/traces/${traceId}?user=carol`, {
      headers: auth,
    });
    expect(trace.status).toBe(200);
    expect((await trace.json()).user).toBe('carol');
  });

  it('leaves every other route to the Hono app', async () => {
    const models = await fetch(`${fixture.proxy.url}/v1/models`, { headers: auth });
    expect(models.status).toBe(200);
    const wrongMethod = await fetch(chatUrl(), { headers: auth });
    expect(wrongMethod.status).toBe(404);
    expect((await wrongMethod.json()).error.code).toBe('not_found');
  });
});
