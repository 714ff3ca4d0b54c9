import { Stream as AnthropicStream } from '@anthropic-ai/sdk/core/streaming';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from './fake-anthropic';
import { fakeError, fakeReply } from './fake-behaviour';
import { startFakeDashScope, startFakeOpenAI } from './fake-openai';
import type { FakeVendorServer } from './fake-server';

let server: FakeVendorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function readJson(response: Response): Promise<any> {
  return response.json();
}

/** The events of an SSE response, read by the vendor's own SDK parser (what real clients use). */
async function sseEvents<Item>(
  response: Response,
  Stream: { fromSSEResponse(response: Response, controller: AbortController): AsyncIterable<Item> },
): Promise<Item[]> {
  const events: Item[] = [];
  for await (const event of Stream.fromSSEResponse(response, new AbortController()))
    events.push(event);
  return events;
}

describe('fake OpenAI server', () => {
  it('records requests and streams chunks, the usage chunk with choices [] and [DONE]', async () => {
    server = await startFakeOpenAI({ chunkSize: 5 });
    const response = await post(
      `${server.url}/chat/completions`,
      {
        model: 'm',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'hello world' }],
      },
      { authorization: 'Bearer k' },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    // The raw bytes end with the [DONE] sentinel, which the SDK's parser consumes.
    expect((await response.clone().text()).endsWith('data: [DONE]\n\n')).toBe(true);
    const events = await sseEvents<Record<string, any>>(response, OpenAIStream);
    const usage = events.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toEqual({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 });
    const text = events
      .slice(0, -1)
      .map((event) => event.choices[0].delta.content ?? '')
      .join('');
    expect(text).toBe('Fake reply to: hello world');
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer k' },
    });
  });

  it('plays scripted behaviours in order, then the default reply', async () => {
    server = await startFakeOpenAI();
    server.script(fakeError(429, 'slow down'), fakeReply('scripted'));
    const first = await post(`${server.url}/chat/completions`, { messages: [] });
    expect(first.status).toBe(429);
    expect(await first.json()).toMatchObject({
      error: { message: 'slow down', code: 'rate_limit_exceeded' },
    });
    const second = await readJson(await post(`${server.url}/chat/completions`, { messages: [] }));
    expect(second.choices[0].message.content).toBe('scripted');
    const third = await readJson(
      await post(`${server.url}/chat/completions`, { messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(third.choices[0].message.content).toBe('Fake reply to: x');
  });

  it('checks the key when one is configured, and serves embeddings by index', async () => {
    server = await startFakeDashScope({ apiKey: 'right', maxEmbeddingInputs: 2 });
    expect(server.url).toMatch(/\/compatible-mode\/v1$/);
    expect(
      (await post(`${server.url}/embeddings`, { input: ['a'] }, { authorization: 'Bearer wrong' }))
        .status,
    ).toBe(401);
    const ok = await readJson(
      await post(
        `${server.url}/embeddings`,
        { input: ['a', 'b'], dimensions: 4 },
        { authorization: 'Bearer right' },
      ),
    );
    expect(ok.data.map((item: { index: number }) => item.index).sort()).toEqual([0, 1]);
    expect(ok.data[0].embedding).toHaveLength(4);
    const tooMany = await post(
      `${server.url}/embeddings`,
      { input: ['a', 'b', 'c'] },
      { authorization: 'Bearer right' },
    );
    expect(tooMany.status).toBe(400);
  });

  it('can hand a request to a custom handler', async () => {
    server = await startFakeOpenAI();
    server.script({
      kind: 'handler',
      handle: (request) => new Response(`saw ${request.path}`, { status: 418 }),
    });
    const response = await post(`${server.url}/chat/completions`, {});
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('saw /v1/chat/completions');
  });
});

describe('fake Anthropic server', () => {
  it('sends the Messages SSE event sequence', async () => {
    server = await startFakeAnthropic({ reply: 'Hi there' });
    const response = await post(`${server.url}/v1/messages`, {
      model: 'c',
      stream: true,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'yo' }],
    });
    // Anthropic sends a ping after the first block start; its SDK (like every client) skips it.
    expect(await response.clone().text()).toMatch(
      /event: content_block_start\n[^\n]*\n\nevent: ping\n/,
    );
    const types = (await sseEvents<{ type: string }>(response, AnthropicStream)).map(
      (event) => event.type,
    );
    expect(types.slice(0, 2)).toEqual(['message_start', 'content_block_start']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(types.filter((type) => type === 'content_block_delta').length).toBe(2);
  });

  it('answers errors in the Anthropic shape', async () => {
    server = await startFakeAnthropic({ apiKey: 'right' });
    const response = await post(`${server.url}/v1/messages`, {}, { 'x-api-key': 'wrong' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
  });
});

describe('misbehaving vendors', () => {
  it('echoes the key in a JSON or plain-text error, an error event or headers', async () => {
    server = await startFakeOpenAI();
    server.script(
      { kind: 'echo-key' },
      { kind: 'echo-key', status: 500, format: 'text', inHeaders: true },
      { kind: 'echo-key', format: 'sse' },
    );
    const auth = { authorization: 'Bearer sk-echo-me' };
    const json = await post(`${server.url}/chat/completions`, {}, auth);
    expect(json.status).toBe(401);
    expect(((await json.json()) as { error: unknown }).error).toMatchObject({
      message: expect.stringContaining('Incorrect API key provided: Bearer sk-echo-me.'),
      code: 'invalid_api_key',
    });
    const text = await post(`${server.url}/chat/completions`, {}, auth);
    expect(text.status).toBe(500);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(text.headers.get('x-request-id')).toBe('req_Bearer sk-echo-me');
    expect(await text.text()).toContain('Bearer sk-echo-me');
    const stream = await post(`${server.url}/chat/completions`, { stream: true }, auth);
    expect(stream.status).toBe(200);
    const error = await sseEvents(stream, OpenAIStream).catch((caught) => caught);
    expect(String(error.message)).toContain('Bearer sk-echo-me');

    const anthropic = await startFakeAnthropic();
    try {
      anthropic.script({ kind: 'echo-key', status: 403 });
      const response = await post(`${anthropic.url}/v1/messages`, {}, { 'x-api-key': 'sk-ant-x1' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: unknown }).error).toMatchObject({
        type: 'permission_error',
        message: expect.stringContaining('sk-ant-x1'),
      });
    } finally {
      await anthropic.close();
    }
  });

  it('breaks a body after the head: stalls, resets or never ends', async () => {
    server = await startFakeOpenAI();
    server.script(
      { kind: 'broken-body', mode: 'reset' },
      { kind: 'broken-body', mode: 'endless', status: 500 },
      { kind: 'broken-body', mode: 'stall' },
    );
    const reset = await post(`${server.url}/chat/completions`, {});
    expect(reset.status).toBe(200);
    await expect(reset.text()).rejects.toThrow();

    const endless = await post(`${server.url}/chat/completions`, {});
    expect(endless.status).toBe(500);
    const reader = (endless.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < 1024 * 1024) received += (await reader.read()).value?.length ?? 0;
    await reader.cancel();

    const controller = new AbortController();
    const stalled = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const stalledReader = (stalled.body as ReadableStream<Uint8Array>).getReader();
    const first = await stalledReader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"object":"chat.completion"');
    const rest = stalledReader.read().catch((caught) => caught);
    controller.abort();
    expect(await rest).toBeInstanceOf(Error);
  });

  it('hangs before the head until the client leaves', async () => {
    server = await startFakeOpenAI();
    server.script({ kind: 'hang' });
    const controller = new AbortController();
    const pending = fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    }).catch((caught) => caught);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
  });
});
