import { fakeError, fakeReply } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ProxyFixture, readSse, startFixture } from '../test-support/proxy-fixture';

describe('Anthropic upstream through @autoskill/providers', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  const post = (body: unknown) =>
    fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ask = [{ role: 'user', content: 'How do I brew green tea?' }];

  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'anthropic', config: { extractMode: 'never' } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.vendor?.reset());

  it('sends max_tokens, temperature, top_p and stop the Messages API way', async () => {
    fixture.vendor?.script(fakeReply('Steep it.', { finishReason: 'max_tokens' }));
    const answer = await client.chat.completions.create({
      model: 'claude-fake',
      messages: ask as never,
      max_completion_tokens: 64,
      temperature: 1.5,
      top_p: 0.9,
      stop: 'END',
    });
    expect(answer.choices[0]).toMatchObject({
      message: { content: 'Steep it.' },
      finish_reason: 'length',
    });
    expect(fixture.vendor?.requests.at(-1)?.body).toMatchObject({
      model: 'claude-fake',
      max_tokens: 64,
      temperature: 1,
      top_p: 0.9,
      stop_sequences: ['END'],
    });
  });

  it('returns vendor errors with their status, message and headers, stream or not', async () => {
    for (const stream of [false, true]) {
      fixture.vendor?.script(
        fakeError(429, 'Number of requests has exceeded your rate limit', {
          headers: { 'retry-after': '30' },
        }),
      );
      const response = await post({ messages: ask, stream });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('30');
      expect((await response.json()).error).toEqual({
        message: 'Number of requests has exceeded your rate limit',
        type: 'rate_limit_error',
        param: null,
        code: 'upstream_error',
      });
    }
  });

  it('ends a stream that breaks off with an OpenAI error event', async () => {
    fixture.vendor?.script({ kind: 'cut-stream', text: 'abcdefghijklmnop', afterChunks: 2 });
    const events = await readSse(await post({ messages: ask, stream: true }));
    const last = JSON.parse(events.at(-1)?.data as string);
    expect(last.error).toMatchObject({ code: 'upstream_stream_error', type: 'upstream_error' });
  });
});

describe('Anthropic upstream with a wrong key', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({
      vendor: 'anthropic',
      upstream: { apiKey: 'sk-ant-wrong-key-0123456789' },
      config: { extractMode: 'never' },
    });
  });
  afterAll(() => fixture.close());

  it('answers the vendor’s 401 in OpenAI’s shape and never echoes the key', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text).error).toMatchObject({
      type: 'authentication_error',
      message: 'invalid x-api-key',
    });
    expect(text).not.toContain('sk-ant-wrong-key');
  });
});
