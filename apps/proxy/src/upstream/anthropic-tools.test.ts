import { fakeReply } from '@autoskill/test-vendors';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ProxyFixture, startFixture } from '../test-support/proxy-fixture';

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    },
  },
};
const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('Anthropic upstream: tools, tool results and images through the real openai client', () => {
  let fixture: ProxyFixture;
  let client: OpenAI;

  beforeAll(async () => {
    fixture = await startFixture({ vendor: 'anthropic', config: { extractMode: 'never' } });
    client = new OpenAI({ baseURL: `${fixture.proxy.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.vendor?.reset());
  const sentMessages = (index: number) =>
    (fixture.vendor?.requests[index]?.body as { messages?: unknown } | undefined)?.messages;

  it('runs an agent loop: streamed tool call, tool result sent back, final answer', {
    tags: ['slow'],
  }, async () => {
    fixture.vendor?.script(
      fakeReply('Let me check.', {
        toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris, France"}' }],
        usage: { inputTokens: 30, outputTokens: 12 },
      }),
      fakeReply('It is 18 °C and sunny in Paris.', { usage: { inputTokens: 50, outputTokens: 9 } }),
    );
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'Weather in Paris?' },
    ];
    const stream = await client.chat.completions.create({
      model: 'claude-fake',
      messages,
      tools: [weatherTool],
      tool_choice: 'auto',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const calls: Array<{ id?: string; name?: string; arguments: string }> = [];
    const argumentPieces: string[] = [];
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      text += choice.delta.content ?? '';
      for (const call of choice.delta.tool_calls ?? []) {
        calls[call.index] ??= { arguments: '' };
        const entry = calls[call.index] as (typeof calls)[number];
        if (call.id) entry.id = call.id;
        if (call.function?.name) entry.name = call.function.name;
        if (call.function?.arguments) {
          entry.arguments += call.function.arguments;
          argumentPieces.push(call.function.arguments);
        }
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(text).toBe('Let me check.');
    expect(calls).toEqual([
      { id: 'toolu_01', name: 'get_weather', arguments: '{"city":"Paris, France"}' },
    ]);
    expect(argumentPieces.length).toBeGreaterThan(1);
    expect(finish).toBe('tool_calls');
    expect(usage).toEqual({ prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 });
    const first = fixture.vendor?.requests[0]?.body as Record<string, unknown>;
    expect(first).toMatchObject({
      model: 'claude-fake',
      stream: true,
      system: expect.stringContaining('You are a weather bot.'),
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather of a city',
          input_schema: weatherTool.function.parameters,
        },
      ],
      tool_choice: { type: 'auto' },
    });

    // The agent runs the tool and sends its result back (the fake refuses unanswered tool_use).
    messages.push(
      {
        role: 'assistant',
        content: text,
        tool_calls: calls.map((call) => ({
          id: call.id as string,
          type: 'function' as const,
          function: { name: call.name as string, arguments: call.arguments },
        })),
      },
      { role: 'tool', tool_call_id: 'toolu_01', content: '{"temp_c":18,"sky":"sunny"}' },
    );
    const final = await client.chat.completions.create({
      model: 'claude-fake',
      messages,
      tools: [weatherTool],
    });
    expect(final.choices[0]).toMatchObject({
      message: { role: 'assistant', content: 'It is 18 °C and sunny in Paris.' },
      finish_reason: 'stop',
    });
    expect(final.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 9 });
    expect(sentMessages(1)).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          {
            type: 'tool_use',
            id: 'toolu_01',
            name: 'get_weather',
            input: { city: 'Paris, France' },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01',
            content: [{ type: 'text', text: '{"temp_c":18,"sky":"sunny"}' }],
          },
        ],
      },
    ]);
  });

  it('answers tool calls without a stream as tool_calls with content null', async () => {
    fixture.vendor?.script(
      fakeReply('', {
        toolCalls: [
          { id: 'toolu_a', name: 'get_weather', arguments: '{"city":"Oslo"}' },
          { id: 'toolu_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      }),
    );
    const answer = await client.chat.completions.create({
      model: 'claude-fake',
      messages: [{ role: 'user', content: 'Oslo and Rome?' }],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    expect(answer.choices[0]?.finish_reason).toBe('tool_calls');
    expect(answer.choices[0]?.message.content).toBeNull();
    expect(answer.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'toolu_a',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
      },
      {
        id: 'toolu_b',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
      },
    ]);
    expect(fixture.vendor?.requests[0]?.body).toMatchObject({
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
    });
  });

  it('puts tool results before a user’s text in the merged user turn, as Anthropic requires', async () => {
    fixture.vendor?.script(fakeReply('Done.'));
    const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          { role: 'user', content: 'Weather in Oslo?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'toolu_x', type: 'function', function: { name: 'get_weather', arguments: '' } },
            ],
          },
          { role: 'user', content: 'In Celsius please.' },
          { role: 'tool', tool_call_id: 'toolu_x', content: '4' },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(sentMessages(0)).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_x', name: 'get_weather', input: {} }],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_x', content: [{ type: 'text', text: '4' }] },
          { type: 'text', text: 'In Celsius please.' },
        ],
      },
    ]);
  });

  it('refuses n > 1 (Anthropic answers one choice) with a 400 naming n', async () => {
    const error = await client.chat.completions
      .create({ model: 'claude-fake', messages: [{ role: 'user', content: 'hi' }], n: 2 })
      .catch((caught) => caught);
    expect(error).toMatchObject({ status: 400, code: 'unsupported', param: 'n' });
    expect(fixture.vendor?.requests).toHaveLength(0);
  });

  it('maps tool_choice required and none', async () => {
    for (const [choice, expected] of [
      ['required', { type: 'any' }],
      ['none', { type: 'none' }],
    ] as const) {
      fixture.vendor?.script(fakeReply('ok'));
      await client.chat.completions.create({
        model: 'claude-fake',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [weatherTool],
        tool_choice: choice,
      });
      expect(fixture.vendor?.requests.at(-1)?.body).toMatchObject({ tool_choice: expected });
    }
  });

  it('sends image parts as base64 or url image blocks', async () => {
    fixture.vendor?.script(fakeReply('Two pictures.'));
    const answer = await client.chat.completions.create({
      model: 'claude-fake',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    expect(answer.choices[0]?.message.content).toBe('Two pictures.');
    expect(sentMessages(0)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  it.each([
    [
      'an audio part',
      [
        {
          role: 'user',
          content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }],
        },
      ],
      { code: 'unsupported', param: 'messages.0.content.0.type' },
    ],
    [
      'a BMP image',
      [
        {
          role: 'user',
          content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,AA' } }],
        },
      ],
      { code: 'unsupported', param: 'messages.0.content.0.image_url.url' },
    ],
    [
      'tool-call arguments that are not JSON',
      [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{oops' } }],
        },
      ],
      { code: 'invalid_value', param: 'messages.1.tool_calls.0.function.arguments' },
    ],
    [
      'a tool message without tool_call_id',
      [
        { role: 'user', content: 'x' },
        { role: 'tool', content: '1' },
      ],
      { code: 'invalid_value', param: 'messages.1.tool_call_id' },
    ],
  ])(
    'refuses %s with a 400 naming the field, never calling the vendor',
    async (_what, messages, error) => {
      const response = await fetch(`${fixture.proxy.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({
        type: 'invalid_request_error',
        ...error,
      });
      expect(fixture.vendor?.requests).toHaveLength(0);
    },
  );
});
