import { randomUUID } from 'node:crypto';
import { sseFrame } from '../sse/sse-parser';

/** Token counts in OpenAI's shape. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function completionId(): string {
  return `chatcmpl-${randomUUID().replace(/-/g, '')}`;
}

export function openAIUsage(
  usage: { inputTokens?: number | undefined; outputTokens?: number | undefined } | undefined,
): OpenAIUsage {
  const prompt = usage?.inputTokens ?? 0;
  const completion = usage?.outputTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
}

const FINISH: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
  'tool-calls': 'tool_calls',
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** A vendor/SDK finish reason → OpenAI's `finish_reason`. */
export function openAIFinishReason(reason: string | null | undefined): string {
  return (reason && FINISH[reason]) ?? 'stop';
}

/** A non-stream `chat.completion` with one text choice. */
export function chatCompletion(options: {
  id?: string;
  model: string;
  text: string;
  finishReason: string;
  usage: OpenAIUsage;
}) {
  return {
    id: options.id ?? completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: options.text, refusal: null },
        logprobs: null,
        finish_reason: options.finishReason,
      },
    ],
    usage: options.usage,
  };
}

/** Writes OpenAI `chat.completion.chunk` frames for one choice. */
export class ChunkWriter {
  readonly id = completionId();
  private readonly created = Math.floor(Date.now() / 1000);
  constructor(
    private readonly model: string,
    private readonly controller: ReadableStreamDefaultController<Uint8Array>,
  ) {}

  private frame(choices: unknown[], extra: Record<string, unknown> = {}): void {
    this.controller.enqueue(
      sseFrame(
        JSON.stringify({
          id: this.id,
          object: 'chat.completion.chunk',
          created: this.created,
          model: this.model,
          choices,
          ...extra,
        }),
      ),
    );
  }

  role(): void {
    this.frame([
      { index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
    ]);
  }

  text(delta: string): void {
    this.frame([{ index: 0, delta: { content: delta }, logprobs: null, finish_reason: null }]);
  }

  /** Tool-call deltas (`delta.tool_calls[i]`: index, then id/type/name once, then arguments). */
  toolCalls(calls: Array<Record<string, unknown>>): void {
    this.frame([{ index: 0, delta: { tool_calls: calls }, logprobs: null, finish_reason: null }]);
  }

  finish(reason: string): void {
    this.frame([{ index: 0, delta: {}, logprobs: null, finish_reason: reason }]);
  }

  /** The `stream_options.include_usage` chunk: `choices: []` and the usage. */
  usage(usage: OpenAIUsage): void {
    this.frame([], { usage });
  }

  done(): void {
    this.controller.enqueue(sseFrame('[DONE]'));
  }
}

/** Replays a non-stream completion as SSE (for upstreams that answered a stream request with JSON). */
export function completionToSse(
  completion: Record<string, unknown>,
  includeUsage: boolean,
): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      const choices = Array.isArray(completion.choices)
        ? (completion.choices as Array<Record<string, unknown>>)
        : [];
      const base = {
        id: completion.id,
        object: 'chat.completion.chunk',
        created: completion.created,
        model: completion.model,
      };
      for (const choice of choices) {
        const message = (choice.message ?? {}) as Record<string, unknown>;
        const toolCalls = Array.isArray(message.tool_calls)
          ? (message.tool_calls as Array<Record<string, unknown>>).map((call, index) => ({
              index,
              ...call,
            }))
          : undefined;
        const delta = {
          role: 'assistant',
          content: message.content ?? null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        };
        controller.enqueue(
          sseFrame(
            JSON.stringify({
              ...base,
              choices: [{ index: choice.index ?? 0, delta, logprobs: null, finish_reason: null }],
            }),
          ),
        );
        controller.enqueue(
          sseFrame(
            JSON.stringify({
              ...base,
              choices: [
                {
                  index: choice.index ?? 0,
                  delta: {},
                  logprobs: null,
                  finish_reason: choice.finish_reason ?? 'stop',
                },
              ],
            }),
          ),
        );
      }
      if (includeUsage && completion.usage)
        controller.enqueue(
          sseFrame(JSON.stringify({ ...base, choices: [], usage: completion.usage })),
        );
      controller.enqueue(sseFrame('[DONE]'));
      controller.close();
    },
  });
}
