import { type ChatMessage, messageText } from '@autoskill/core';
import type { AssistantReply, EvalAssistant } from './eval-assistant';

const TERMINAL = new Set(['completed', 'failed', 'dropped']);

/**
 * A running AutoSkill proxy (`--base-url`): chat turns go to `/v1/chat/completions` as the eval
 * user (body `user` and `X-AutoSkill-User`), learning jobs are followed on
 * `/v1/autoskill/extractions/{id}` until they finish.
 */
export class ProxyAssistant implements EvalAssistant {
  readonly label: string;
  private readonly jobs = new Map<string, string[]>();

  constructor(
    private readonly options: {
      baseUrl: string;
      apiKey?: string;
      model?: string;
      timeoutMs: number;
      pollMs?: number;
    },
  ) {
    this.label = `proxy ${this.root()}`;
  }

  async train(userId: string, conversation: ChatMessage[]): Promise<AssistantReply> {
    const reply = await this.chat(userId, conversation);
    if (reply.jobId) this.jobs.set(userId, [...(this.jobs.get(userId) ?? []), reply.jobId]);
    return reply;
  }

  async settle(userId: string): Promise<string[]> {
    const learned = new Set<string>();
    for (const id of new Set(this.jobs.get(userId) ?? [])) {
      const deadline = Date.now() + this.options.timeoutMs;
      for (;;) {
        const body = (await this.request('GET', `/v1/autoskill/extractions/${id}`, userId)) as {
          data?: { status?: string; upserted?: Array<{ id: string }> };
        };
        const job = body.data;
        if (job?.status && TERMINAL.has(job.status)) {
          for (const skill of job.upserted ?? []) learned.add(skill.id);
          break;
        }
        if (Date.now() > deadline) throw new Error(`learning job ${id} did not finish in time`);
        await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 500));
      }
    }
    return [...learned];
  }

  ask(userId: string, query: string): Promise<AssistantReply> {
    return this.chat(userId, [{ role: 'user', content: query }]);
  }

  async close(): Promise<void> {}

  private async chat(userId: string, messages: ChatMessage[]): Promise<AssistantReply> {
    const body = (await this.request('POST', '/v1/chat/completions', userId, {
      ...(this.options.model ? { model: this.options.model } : {}),
      messages: messages.map((message) => ({
        role: message.role,
        content: messageText(message),
      })),
      user: userId,
      stream: false,
    })) as {
      choices?: Array<{ message?: { content?: string | null } }>;
      autoskill?: {
        retrieval?: { selected_for_context_ids?: string[] };
        extraction?: { job_id?: string } | null;
      };
    };
    const jobId = body.autoskill?.extraction?.job_id;
    return {
      answer: body.choices?.[0]?.message?.content ?? '',
      injectedIds: body.autoskill?.retrieval?.selected_for_context_ids ?? [],
      ...(jobId ? { jobId } : {}),
    };
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    userId: string,
    body?: unknown,
  ): Promise<unknown> {
    const response = await fetch(`${this.root()}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-autoskill-user': userId,
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as unknown;
  }

  /** The proxy's root URL: `--base-url` with or without a trailing `/v1`. */
  private root(): string {
    return this.options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  }
}
