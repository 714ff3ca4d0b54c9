import { type FakeBehaviour, fakeError, fakeReply } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProxyApp } from '../server/create-proxy-app';
import { type ProxyFixture, readSse, seedSkill, startFixture } from '../test-support/proxy-fixture';
import { parseServerTiming } from './server-timing';

const RELEASE =
  'Before each release: run regression -> canary -> monitor -> full rollout. Always do this.';

describe('POST /v1/chat/completions against an OpenAI-compatible upstream', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;
  let releaseSkillId: string;

  beforeAll(async () => {
    fixture = await startFixture({ config: { servedModels: ['autoskill'], extractMode: 'never' } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    releaseSkillId = await seedSkill(fixture.autoskill, {
      userId: 'u1',
      name: 'release-checklist',
      description: 'How to ship a release safely: regression, canary, monitor, full rollout.',
      body: '# Release checklist\n\n1. Run the regression suite.\n2. Canary.\n3. Monitor.\n4. Full rollout.',
    });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.vendor?.reset());

  const lastBody = () => fixture.vendor?.requests.at(-1)?.body as Record<string, any>;

  it('returns the upstream answer with the retrieval trace, and sends the skill just before the latest user message', async () => {
    const messages = [
      { role: 'system' as const, content: 'You are terse.' },
      { role: 'user' as const, content: 'hi' },
      { role: 'assistant' as const, content: 'hello' },
      { role: 'user' as const, content: 'How do I ship a release safely with canary and rollout?' },
    ];
    fixture.vendor?.script(fakeReply('Run the regression suite first.'));
    const { data, response } = await client.chat.completions
      .create({ model: 'autoskill', messages })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Run the regression suite first.');
    expect(response.headers.get('x-autoskill-trace-id')).toMatch(/^trace_[0-9a-f]{32}$/);
    const autoskill = (data as unknown as { autoskill: any }).autoskill;
    expect(autoskill.trace_id).toBe(response.headers.get('x-autoskill-trace-id'));
    expect(autoskill.retrieval.hits[0]).toMatchObject({
      id: releaseSkillId,
      injected: true,
      reason: 'injected',
      source: 'user:u1',
    });
    expect(autoskill.retrieval.context_injected).toBe(true);

    const sent = lastBody();
    expect(sent.model).toBe('fake-model');
    expect(sent.messages).toHaveLength(5);
    expect(sent.messages.slice(0, 3)).toEqual(messages.slice(0, 3));
    expect(sent.messages[3].role).toBe('system');
    expect(sent.messages[3].content).toContain('## AutoSkill Skills');
    expect(sent.messages[3].content).toContain('Run the regression suite.');
    expect(sent.messages[4]).toEqual(messages[3]);
    expect(fixture.vendor?.requests.at(-1)?.headers.authorization).toBe(
      'Bearer sk-upstream-secret',
    );
  });

  it('passes every field it does not own through unchanged, and keeps non-served model ids', async () => {
    const body = {
      model: 'some-vendor-model',
      messages: [{ role: 'user', content: 'Summarise the plan' }],
      temperature: 0.3,
      top_p: 0.9,
      n: 2,
      stop: ['END'],
      seed: 7,
      logprobs: true,
      top_logprobs: 2,
      max_tokens: 50,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'plan', schema: { type: 'object' } },
      },
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', parameters: { type: 'object', properties: {} } },
        },
      ],
      tool_choice: 'auto',
      user: 'u1',
      vendor_extra: { enable_thinking: false, nested: [1, 2] },
    };
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const { messages: _sentMessages, ...sentRest } = lastBody();
    const { messages: _messages, ...rest } = body;
    expect(sentRest).toEqual(rest);
  });

  it('leaves image and other content parts untouched', async () => {
    const content = [
      { type: 'text', text: 'What is in this picture?' },
      {
        type: 'image_url',
        image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
    ];
    await client.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: content as any }],
    });
    expect(lastBody().messages.at(-1)).toEqual({ role: 'user', content });
  });

  it('streams with the openai client and puts usage in a last chunk with no choices', async () => {
    fixture.vendor?.script(fakeReply('Streaming works fine here.'));
    const stream = await client.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('Streaming works fine here.');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(4);
    expect(lastBody().stream_options).toEqual({ include_usage: true });
  });

  it('relays streamed tool-call deltas incrementally and passes the tool round trip through', async () => {
    const args = JSON.stringify({ city: 'Paris', unit: 'celsius', days: 3 });
    fixture.vendor?.script(
      fakeReply('', { toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: args }] }),
    );
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const stream = await client.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
      stream: true,
    });
    let argumentDeltas = 0;
    let assembled = '';
    let name = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (call.function?.name) name = call.function.name;
        if (call.function?.arguments) {
          argumentDeltas++;
          assembled += call.function.arguments;
        }
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('get_weather');
    expect(argumentDeltas).toBeGreaterThan(2);
    expect(JSON.parse(assembled)).toEqual({ city: 'Paris', unit: 'celsius', days: 3 });
    expect(finish).toBe('tool_calls');

    const followUp = [
      { role: 'user' as const, content: 'Weather in Paris?' },
      {
        role: 'assistant' as const,
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function' as const,
            function: { name: 'get_weather', arguments: args },
          },
        ],
      },
      { role: 'tool' as const, tool_call_id: 'call_1', content: '{"temp": 12}' },
    ];
    fixture.vendor?.script(fakeReply('It is 12 °C in Paris.'));
    const answer = await client.chat.completions.create({
      model: 'autoskill',
      messages: followUp,
      tools,
    });
    expect(answer.choices[0]?.message.content).toBe('It is 12 °C in Paris.');
    const sent = lastBody().messages.filter(
      (message: { content?: string }) =>
        !String(message.content ?? '').includes('## AutoSkill Skills'),
    );
    expect(sent).toEqual(followUp);
    expect(lastBody().tools).toEqual(tools);
  });

  it('streams raw SSE: data lines, JSON chunks, [DONE], the trace id header', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'autoskill',
        stream: true,
        messages: [{ role: 'user', content: 'raw stream' }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-autoskill-trace-id')).toMatch(/^trace_/);
    const events = await readSse(response);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Fake reply to: raw stream',
    );
  });

  it("reports its own time apart from the vendor's in a Server-Timing header, streamed or not", async () => {
    const ask = { role: 'user' as const, content: 'How do I ship a release safely with canary?' };
    for (const stream of [false, true]) {
      fixture.vendor?.script({ kind: 'slow', delayMs: 150 });
      const { response } = await client.chat.completions
        .create({ model: 'autoskill', messages: [ask], stream } as never)
        .withResponse();
      const timing = parseServerTiming(response.headers.get('server-timing'));
      expect(Object.keys(timing)).toEqual(['queue', 'autoskill', 'retrieval', 'upstream']);
      // The vendor's 150 ms wait is its time, not AutoSkill's.
      expect(timing.upstream).toBeGreaterThanOrEqual(140);
      expect(timing.autoskill).toBeLessThan(timing.upstream as number);
      expect(timing.retrieval).toBeGreaterThan(0);
      expect(timing.retrieval).toBeLessThanOrEqual(timing.autoskill as number);
    }
  });

  it('omits the autoskill field with X-AutoSkill-Trace: off but keeps the trace id header', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-autoskill-trace': 'off' },
      body: JSON.stringify({
        model: 'autoskill',
        messages: [{ role: 'user', content: 'strict client' }],
      }),
    });
    const body = await response.json();
    expect(body).not.toHaveProperty('autoskill');
    expect(response.headers.get('x-autoskill-trace-id')).toMatch(/^trace_/);
  });

  it.each([429, 500, 503])(
    'returns an upstream %i in OpenAI’s error shape with that status',
    async (status) => {
      fixture.vendor?.script(fakeError(status, `vendor says ${status}`));
      const error = await client.chat.completions
        .create({ model: 'autoskill', messages: [{ role: 'user', content: 'x' }] })
        .catch((caught) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error.status).toBe(status);
      expect(error.message).toContain(`vendor says ${status}`);

      fixture.vendor?.script(fakeError(status, 'again'));
      const raw = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(raw.status).toBe(status);
      const body = await raw.json();
      expect(body.error).toMatchObject({ message: 'again', type: expect.any(String), param: null });
      expect(body.error).toHaveProperty('code');
    },
  );

  it('returns an upstream error for a stream request as an HTTP error, not a 200 stream', async () => {
    fixture.vendor?.script(fakeError(429, 'slow down', { headers: { 'retry-after': '30' } }));
    const raw = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('30');
    expect(raw.headers.get('server-timing')).toMatch(
      /^queue;dur=[\d.]+;.*autoskill;dur=[\d.]+;.*upstream;dur=[\d.]+$/,
    );
    expect((await raw.json()).error.message).toBe('slow down');
  });

  it('ends a stream the upstream breaks off with an error the openai client raises (no hang)', async () => {
    fixture.vendor?.script({
      kind: 'cut-stream',
      text: 'This answer will be cut somewhere in the middle',
      afterChunks: 2,
    });
    const stream = await client.chat.completions.create({
      model: 'autoskill',
      messages: [{ role: 'user', content: 'cut me' }],
      stream: true,
    });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught) => caught);
    expect(text).toBe('This ans');
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toContain('upstream stream broke off');
  });

  it('ends a stream whose upstream goes silent with an error event after the idle timeout', async () => {
    const { app } = createProxyApp({
      autoskill: fixture.autoskill,
      upstream: { ...(fixture.proxy.upstream as object), idleTimeoutMs: 150 } as never,
    });
    fixture.vendor?.script({
      kind: 'handler',
      handle: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(
                new TextEncoder().encode(
                  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: 'partial' }, finish_reason: null }] })}\n\n`,
                ),
              );
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    const response = await app.request('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'stall' }] }),
    });
    const events = await readSse(response);
    expect(JSON.parse(events[0]?.data as string).choices[0].delta.content).toBe('partial');
    expect(JSON.parse(events.at(-1)?.data as string).error).toMatchObject({
      code: 'upstream_stream_error',
      message: expect.stringContaining('sent nothing for 150 ms'),
    });
  });

  it('cancels the upstream request when the client disconnects mid-stream', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    const behaviour: FakeBehaviour = {
      kind: 'handler',
      handle: (_request, context) => {
        (context.env as { incoming: import('node:http').IncomingMessage }).incoming.socket.once(
          'close',
          () => upstreamClosed(),
        );
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(
              encoder.encode(
                `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: 'first' }, finish_reason: null }] })}\n\n`,
              ),
            );
            // …and then nothing more: only the client going away ends this.
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    };
    fixture.vendor?.script(behaviour);
    const controller = new AbortController();
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: 'long answer' }] }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('first');
    controller.abort();
    await expect(closed).resolves.toBeUndefined();
  });

  it('cancels the upstream request when the client disconnects before the answer starts', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => {
      upstreamClosed = resolve;
    });
    fixture.vendor?.script({
      kind: 'handler',
      handle: (_request, context) =>
        new Promise<Response>((resolve) => {
          (context.env as { incoming: import('node:http').IncomingMessage }).incoming.socket.once(
            'close',
            () => {
              upstreamClosed();
              resolve(new Response('{}'));
            },
          );
        }),
    });
    const controller = new AbortController();
    const pending = fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'never answered' }] }),
      signal: controller.signal,
    }).catch((error) => error);
    while ((fixture.vendor?.requests.length ?? 0) === 0)
      await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(closed).resolves.toBeUndefined();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('refuses bad JSON and bad bodies with 400 in OpenAI’s shape', async () => {
    const post = (body: string) =>
      fetch(`${fixture.proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const broken = await post('{"messages": [');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toMatchObject({
      code: 'invalid_json',
      type: 'invalid_request_error',
    });
    const missing = await post('{"model": "x"}');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({
      code: 'invalid_request',
      param: 'messages',
    });
    const wrongType = await post('{"messages": [{"role": "user", "content": 5}]}');
    expect(wrongType.status).toBe(400);
    const array = await post('[1,2]');
    expect((await array.json()).error.code).toBe('invalid_json');
    expect(fixture.vendor?.requests).toHaveLength(0);
  });

  it('takes the scope from X-AutoSkill-Scope and refuses an unknown one', async () => {
    const post = (scope: string) =>
      fetch(`${fixture.proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-autoskill-scope': scope },
        body: JSON.stringify({
          messages: [{ role: 'user', content: 'How do I ship a release safely?' }],
        }),
      });
    const library = await (await post('library')).json();
    expect(library.autoskill.retrieval.scope).toBe('common');
    expect(library.autoskill.retrieval.hits).toEqual([]);
    expect((await post('everything')).status).toBe(400);
  });

  it('refuses bodies over the size limit with 413, with or without Content-Length', async () => {
    const { app } = createProxyApp({
      autoskill: fixture.autoskill,
      upstream: fixture.proxy.upstream,
      config: { maxBodyBytes: 2048 },
    });
    const big = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] });
    const declared = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe('request_too_large');
    const chunked = await app.request('/v1/chat/completions', {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});

describe('upstream retries and learning', () => {
  let fixture: ProxyFixture;
  beforeAll(async () => {
    fixture = await startFixture({ config: { extractMode: 'always' } });
  });
  afterAll(() => fixture.close());

  it('retries a failed upstream call before the first byte', async () => {
    const { app } = createProxyApp({
      autoskill: fixture.autoskill,
      upstream: { ...(fixture.proxy.upstream as any), maxRetries: 2 },
    });
    fixture.vendor?.script(fakeError(503, 'warming up'), fakeError(500, 'still warming'));
    const response = await app.request('/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ messages: [{ role: 'user', content: 'retry me' }] }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe('Fake reply to: retry me');
    expect(fixture.vendor?.requests.length).toBe(3);
  });

  it('serves /v1/embeddings from the upstream when configured to', async () => {
    const { app } = createProxyApp({
      autoskill: fixture.autoskill,
      upstream: fixture.proxy.upstream,
      config: { embeddings: 'upstream' },
    });
    const response = await app.request('/v1/embeddings', {
      method: 'POST',
      body: JSON.stringify({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data.map((item: { embedding: number[] }) => item.embedding.length)).toEqual([4, 4]);
    expect(fixture.vendor?.requests.at(-1)).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 4 },
    });
  });

  it('schedules learning after a completed answer and reports the job', async () => {
    const client = new OpenAI({
      baseURL: `${fixture.proxy.url}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
      defaultHeaders: { 'x-autoskill-user': 'learner' },
    });
    const answer = (await client.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: RELEASE }],
    })) as any;
    expect(answer.autoskill.extraction).toMatchObject({
      job_id: expect.stringMatching(/^job_/),
      status: expect.any(String),
    });
    const job = await fixture.autoskill.learning.waitFor(answer.autoskill.extraction.job_id);
    expect(job.status).toBe('completed');
    expect(job.result?.added[0]?.name).toBe('standard-release-process');
    expect(
      (await fixture.autoskill.list({ userId: 'learner' })).map((skill) => skill.name),
    ).toEqual(['standard-release-process']);
  });

  it('learns after a streamed answer ends, and finds the job through the trace id', async () => {
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-autoskill-user': 'streamer' },
      body: JSON.stringify({ stream: true, messages: [{ role: 'user', content: RELEASE }] }),
    });
    await response.text();
    const traceId = response.headers.get('x-autoskill-trace-id') as string;
    const trace = await (
      await fetch(`${fixture.proxy.url}/v1/autoskill/traces/${traceId}`, {
        headers: { 'x-autoskill-user': 'streamer' },
      })
    ).json();
    expect(trace.learning).toBe('scheduled');
    const job = await fixture.autoskill.learning.waitFor(trace.extraction.job_id);
    expect(job).toMatchObject({ status: 'completed', userId: 'streamer' });
  });

  it('does not learn when the upstream failed', async () => {
    fixture.vendor?.script(fakeError(500, 'down'));
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-autoskill-user': 'unlucky' },
      body: JSON.stringify({ messages: [{ role: 'user', content: RELEASE }] }),
    });
    expect(response.status).toBe(500);
    expect(fixture.autoskill.learning.list('unlucky')).toEqual([]);
  });
});

describe('offline and Anthropic upstreams', () => {
  it('answers offline from the runtime chat model, stream and not', async () => {
    const fixture = await startFixture({ vendor: 'none' });
    try {
      const client = new OpenAI({
        baseURL: `${fixture.proxy.url}/v1`,
        apiKey: 'unused',
        maxRetries: 0,
      });
      const answer = await client.chat.completions.create({
        model: 'anything',
        messages: [{ role: 'user', content: 'hello offline' }],
      });
      expect(answer.choices[0]?.message.content).toMatch(/^Offline mode:/);
      const stream = await client.chat.completions.create({
        model: 'anything',
        messages: [{ role: 'user', content: 'hello offline' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe(answer.choices[0]?.message.content);
    } finally {
      await fixture.close();
    }
  });

  it('translates chat to Anthropic messages (system + skills into `system`) and back, stream and not', async () => {
    const fixture = await startFixture({ vendor: 'anthropic' });
    try {
      await seedSkill(fixture.autoskill, {
        userId: 'u1',
        name: 'tea-brewing',
        description: 'Brew green tea at 80 degrees for two minutes.',
        body: 'Use 80 °C water; steep 2 minutes.',
      });
      const client = new OpenAI({
        baseURL: `${fixture.proxy.url}/v1`,
        apiKey: 'unused',
        maxRetries: 0,
      });
      const messages = [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'How do I brew green tea?' },
      ];
      const answer = await client.chat.completions.create({ model: 'claude-fake', messages });
      expect(answer.choices[0]?.message.content).toBe('Fake reply to: How do I brew green tea?');
      expect(answer.choices[0]?.finish_reason).toBe('stop');
      const sent = fixture.vendor?.requests.at(-1)?.body as Record<string, any>;
      expect(sent.system).toMatch(/^Be brief\.\n\n## AutoSkill Skills/);
      expect(sent.messages).toEqual([{ role: 'user', content: 'How do I brew green tea?' }]);
      expect(sent.max_tokens).toBe(4096);

      const stream = await client.chat.completions.create({
        model: 'claude-fake',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: unknown;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      expect(text).toBe('Fake reply to: How do I brew green tea?');
      expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });

      // Tools are translated too (anthropic-tools.test.ts has the whole agent loop).
      const withTools = await client.chat.completions.create({
        model: 'claude-fake',
        messages,
        tools: [{ type: 'function', function: { name: 'f', parameters: {} } }],
      });
      expect(withTools.choices[0]?.finish_reason).toBe('stop');
      expect(fixture.vendor?.requests.at(-1)?.body).toMatchObject({
        tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
      });
    } finally {
      await fixture.close();
    }
  });
});
