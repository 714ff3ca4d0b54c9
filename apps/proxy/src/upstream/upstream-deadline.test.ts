import type { IncomingMessage } from 'node:http';
import { type FakeBehaviour, fakeError } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../server/start-proxy';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';
import type { Upstream, UpstreamTimeouts } from './upstream';

const encoder = new TextEncoder();

/** A vendor that sends its head and `first`, then nothing; `closed` resolves when the proxy hangs up. */
function stallAfterHead(
  first: string,
  contentType = 'application/json',
  status = 200,
): { behaviour: FakeBehaviour; closed: Promise<void> } {
  let onClose!: () => void;
  const closed = new Promise<void>((resolve) => {
    onClose = resolve;
  });
  const behaviour: FakeBehaviour = {
    kind: 'handler',
    handle: (_request, context) => {
      (context.env as { incoming: IncomingMessage }).incoming.socket.once('close', () => onClose());
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(first));
        },
      });
      return new Response(body, { status, headers: { 'content-type': contentType } });
    },
  };
  return { behaviour, closed };
}

const CHUNK = (text: string) =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;

async function post(url: string, body: Record<string, unknown>) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
  const text = await response.text();
  // A stream that started is a 200 whose last event is the error.
  const streamed = response.headers.get('content-type')?.includes('text/event-stream');
  return { status: response.status, body: streamed ? text : JSON.parse(text) };
}

describe('upstream timeouts and the total deadline (OpenAI-compatible upstream)', () => {
  let fixture: ProxyFixture;
  const proxies: RunningProxy[] = [];
  beforeAll(async () => {
    fixture = await startFixture({ config: { extractMode: 'never' } });
  });
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await fixture.close();
  });
  beforeEach(() => fixture.vendor?.reset());

  /** A second proxy over the fixture's store and vendor with other timeouts. */
  async function proxyWith(timeouts: UpstreamTimeouts): Promise<string> {
    const proxy = await startProxy({
      autoskill: fixture.autoskill,
      upstream: { ...(fixture.proxy.upstream as Upstream & { kind: 'openai' }), ...timeouts },
      port: 0,
      config: { extractMode: 'never' },
    });
    proxies.push(proxy);
    return proxy.url;
  }

  it('answers 504 when the vendor stalls after the head of a non-streamed answer (idle timeout), and hangs up on it', async () => {
    const url = await proxyWith({ idleTimeoutMs: 200 });
    const stall = stallAfterHead('{"id":"chatcmpl-1","object":"chat.completion","choices":[');
    fixture.vendor?.script(stall.behaviour);
    const { status, body } = await post(url, {});
    expect(status).toBe(504);
    expect(body.error).toMatchObject({
      code: 'upstream_timeout',
      message: expect.stringContaining('sent nothing for 200 ms'),
      param: null,
    });
    await expect(stall.closed).resolves.toBeUndefined();
  });

  it('answers 504 when the total deadline passes while a non-streamed body is read', async () => {
    const url = await proxyWith({ deadlineMs: 300 });
    const stall = stallAfterHead('{"id":"chatcmpl-1",');
    fixture.vendor?.script(stall.behaviour);
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'fake-model', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(504);
    expect(error.code).toBe('upstream_timeout');
    expect(error.error.message).toContain('300 ms deadline');
    await expect(stall.closed).resolves.toBeUndefined();
  });

  it('answers 504 when a vendor streams a non-streamed request and then goes silent', async () => {
    const url = await proxyWith({ idleTimeoutMs: 200 });
    const stall = stallAfterHead(CHUNK('partial'), 'text/event-stream');
    fixture.vendor?.script(stall.behaviour);
    const { status, body } = await post(url, {});
    expect(status).toBe(504);
    expect(body.error.code).toBe('upstream_timeout');
    await expect(stall.closed).resolves.toBeUndefined();
  });

  it('answers 504 when the vendor hangs before its head, retries included (stream or not)', async () => {
    const url = await proxyWith({ deadlineMs: 300, headersTimeoutMs: 60_000, maxRetries: 3 });
    fixture.vendor?.script({ kind: 'hang' }, { kind: 'hang' });
    for (const stream of [false, true]) {
      const { status, body } = await post(url, { stream });
      expect(status).toBe(504);
      expect(body.error).toMatchObject({
        code: 'upstream_timeout',
        message: expect.stringContaining('300 ms deadline'),
      });
    }
    expect(fixture.vendor?.requests.length).toBe(2);
  });

  it('stops retrying when the next attempt would start after the deadline', async () => {
    const url = await proxyWith({ deadlineMs: 500, maxRetries: 2 });
    fixture.vendor?.script(fakeError(503, 'busy', { headers: { 'retry-after': '5' } }));
    const { status, body } = await post(url, {});
    expect(status).toBe(503);
    expect(body.error.message).toBe('busy');
    expect(fixture.vendor?.requests.length).toBe(1);
  });

  it('keeps the vendor’s status when its error body stalls or never ends', async () => {
    const url = await proxyWith({ deadlineMs: 300 });
    const stall = stallAfterHead('{"error":{"message":"Bad', 'application/json', 500);
    fixture.vendor?.script(stall.behaviour, {
      kind: 'broken-body',
      mode: 'endless',
      status: 502,
      contentType: 'text/plain',
    });
    const stalled = await post(url, { stream: true });
    expect(stalled.status).toBe(500);
    expect(stalled.body.error.message).toMatch(/returned HTTP 500/);
    await expect(stall.closed).resolves.toBeUndefined();
    const endless = await post(url, {});
    expect(endless.status).toBe(502);
    expect(endless.body.error.message.length).toBeLessThan(1000);
  });

  it('answers 502 when the vendor drops the connection in the middle of a body', async () => {
    fixture.vendor?.script({ kind: 'broken-body', mode: 'reset' });
    const { status, body } = await post(fixture.proxy.url, {});
    expect(status).toBe(502);
    expect(body.error.code).toBe('upstream_error');
  });

  it('lets a stream run past the deadline once its first byte came (the idle timeout guards it)', async () => {
    const url = await proxyWith({ deadlineMs: 300, idleTimeoutMs: 5_000 });
    fixture.vendor?.script({
      kind: 'handler',
      handle: () => {
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            for (const word of ['slow ', 'but ', 'steady ', 'wins']) {
              controller.enqueue(encoder.encode(CHUNK(word)));
              await new Promise((resolve) => setTimeout(resolve, 150));
            }
            controller.enqueue(encoder.encode('data: [DONE]\n\n'));
            controller.close();
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('slow but steady wins');
  });

  it('stays responsive for other clients while vendors hang, stall and flood', async () => {
    const url = await proxyWith({ deadlineMs: 1_500, idleTimeoutMs: 1_500 });
    const stall = stallAfterHead('{"id":');
    fixture.vendor?.script(
      { kind: 'hang' },
      stall.behaviour,
      { kind: 'broken-body', mode: 'endless' },
      { kind: 'broken-body', mode: 'stall', contentType: 'text/event-stream' },
      { kind: 'echo-key', status: 401, format: 'text', inHeaders: true },
    );
    const bad = [false, false, false, true, false].map((stream) => post(url, { stream }));
    while ((fixture.vendor?.requests.length ?? 0) < 5)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const good = await post(url, {});
    expect(good.status).toBe(200);
    expect(good.body.choices[0].message.content).toBe('Fake reply to: hi');
    const results = await Promise.all(bad);
    const [hang, stalled, flood, stream, echo] = results.map((result) => result.status);
    expect([hang, stalled, stream, echo]).toEqual([504, 504, 200, 401]);
    // The endless body: over the size limit (502) or out of time (504), whichever comes first.
    expect([502, 504]).toContain(flood);
    expect(results[3]?.body).toContain('upstream_stream_error');
    expect(JSON.stringify(results)).not.toContain('sk-upstream-secret');
  });
});

describe('upstream timeouts and the total deadline (Anthropic upstream)', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({
      vendor: 'anthropic',
      config: { extractMode: 'never' },
      upstream: { deadlineMs: 300, maxRetries: 2 },
    });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.vendor?.reset());

  it('answers 504 when the vendor hangs before its head (stream or not)', async () => {
    fixture.vendor?.script({ kind: 'hang' }, { kind: 'hang' });
    for (const stream of [false, true]) {
      const { status, body } = await post(fixture.proxy.url, { model: 'claude-fake', stream });
      expect(status).toBe(504);
      expect(body.error).toMatchObject({
        code: 'upstream_timeout',
        message: expect.stringContaining('300 ms deadline'),
      });
    }
  });

  it('answers 504 when the vendor stalls after the head of a non-streamed answer', async () => {
    const stall = stallAfterHead('{"id":"msg_1","type":"message",');
    fixture.vendor?.script(stall.behaviour);
    const { status, body } = await post(fixture.proxy.url, { model: 'claude-fake' });
    expect(status).toBe(504);
    expect(body.error.code).toBe('upstream_timeout');
    await expect(stall.closed).resolves.toBeUndefined();
  });
});
