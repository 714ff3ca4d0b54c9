import { randomUUID } from 'node:crypto';
import { parseServerTiming } from '../chat/server-timing';
import { SseParser } from '../sse/sse-parser';

/** One check of `runProxyCheck`. */
export interface ProxyCheckResult {
  name: string;
  ok: boolean;
  /** What was seen (pass) or what went wrong (fail). */
  detail: string;
  elapsedMs: number;
}

export interface ProxyCheckOptions {
  /** e.g. `http://127.0.0.1:9000` */
  baseUrl: string;
  apiKey?: string | undefined;
  /** User the checks act as (default: a throwaway `proxy-check-<random>`). */
  user?: string;
  /** Model sent in chat requests (default: the first of `/v1/models`). */
  model?: string | undefined;
  /** Per-check time limit (default 60 s). */
  timeoutMs?: number;
  skipEmbeddings?: boolean;
  /** Called after each check (for printing as they finish). */
  onResult?: (result: ProxyCheckResult) => void;
}

const RELEASE_CONVERSATION = [
  {
    role: 'user',
    content:
      'Before each release: run regression -> canary -> monitor -> full rollout. Always do this.',
  },
  { role: 'assistant', content: 'Understood: regression, canary, monitor, then full rollout.' },
  { role: 'user', content: 'Yes, and never skip the canary step.' },
];

/**
 * Health and streaming check of a running proxy (the original's `proxy_health_check --mode
 * health`): health, models, capabilities, chat (JSON and SSE), retrieval preview, an extraction
 * job reaching a terminal state, embeddings. Never throws; every outcome is a result. The chat
 * turns learn nothing and the skills the extraction adds are deleted again (`cleanup`), so the
 * store is left as it was.
 */
export async function runProxyCheck(options: ProxyCheckOptions): Promise<ProxyCheckResult[]> {
  // Both the server URL and the `/v1` URL the proxy prints (and OpenAI clients use) are accepted.
  const base = options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-autoskill-user': options.user ?? `proxy-check-${randomUUID().slice(0, 8)}`,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  // Chat checks must not learn: that would leave skills behind after the check.
  const chatHeaders = { 'x-autoskill-extract-mode': 'never' };
  const results: ProxyCheckResult[] = [];
  /** Skills the extraction check created: deleted again by `cleanup`. */
  const added: string[] = [];
  let model = options.model;

  const request = async (
    path: string,
    body?: unknown,
    extra: { method?: string; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${base}${path}`, {
      method: extra.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { ...headers, ...extra.headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    return response;
  };
  const check = async (name: string, run: () => Promise<string>) => {
    const started = performance.now();
    let result: ProxyCheckResult;
    try {
      result = { name, ok: true, detail: await run(), elapsedMs: performance.now() - started };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      result = {
        name,
        ok: false,
        detail: `${(error as Error).message}${cause ? ` (${cause})` : ''}`,
        elapsedMs: performance.now() - started,
      };
    }
    results.push(result);
    options.onResult?.(result);
  };
  const expectThat = (condition: unknown, message: string) => {
    if (!condition) throw new Error(message);
  };

  await check('health', async () => {
    const body = (await (await request('/health')).json()) as { ok?: unknown };
    expectThat(body.ok === true, `expected {"ok": true}, got ${JSON.stringify(body)}`);
    return 'ok';
  });
  await check('models', async () => {
    const body = (await (await request('/v1/models')).json()) as { data?: Array<{ id?: string }> };
    expectThat(Array.isArray(body.data) && body.data.length > 0, 'expected a non-empty model list');
    model ??= body.data?.[0]?.id;
    return (body.data ?? []).map((entry) => entry.id).join(', ');
  });
  await check('capabilities', async () => {
    const body = (await (await request('/v1/autoskill/capabilities')).json()) as {
      object?: string;
      data?: { llm?: { provider?: string; model?: string } };
    };
    expectThat(
      body.object === 'autoskill.capabilities',
      `unexpected object ${JSON.stringify(body.object)}`,
    );
    return `llm ${body.data?.llm?.provider ?? '?'} ${body.data?.llm?.model ?? ''}`.trim();
  });
  const messages = [{ role: 'user', content: 'In two sentences: how should I do a safe release?' }];
  await check('chat', async () => {
    const response = await request(
      '/v1/chat/completions',
      { model, messages },
      {
        headers: chatHeaders,
      },
    );
    const timing = parseServerTiming(response.headers.get('server-timing'));
    const body = (await response.json()) as {
      choices?: Array<{ message?: { content?: unknown } }>;
      autoskill?: { retrieval?: { hits?: unknown[] } };
    };
    const content = body.choices?.[0]?.message?.content;
    expectThat(
      typeof content === 'string' && content.trim() !== '',
      'no answer text in choices[0].message.content',
    );
    expectThat(
      body.autoskill?.retrieval && Array.isArray(body.autoskill.retrieval.hits),
      'no "autoskill" retrieval trace in the response',
    );
    const overhead =
      timing.autoskill === undefined
        ? ''
        : `, AutoSkill ${timing.autoskill.toFixed(2)} ms + upstream ${timing.upstream?.toFixed(2) ?? '?'} ms`;
    return `${(content as string).length} chars, ${body.autoskill?.retrieval?.hits?.length ?? 0} hit(s)${overhead}`;
  });
  await check('chat stream', async () => {
    const response = await request(
      '/v1/chat/completions',
      { model, messages, stream: true },
      { headers: chatHeaders },
    );
    expectThat(
      (response.headers.get('content-type') ?? '').includes('text/event-stream'),
      `content-type is ${response.headers.get('content-type')}`,
    );
    const parser = new SseParser();
    const events = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
      events.push(...parser.push(chunk));
    events.push(...parser.end());
    expectThat(events.length > 0, 'no data lines');
    expectThat(events.at(-1)?.data === '[DONE]', 'the stream did not end with data: [DONE]');
    let text = '';
    for (const event of events.slice(0, -1)) {
      const chunk = JSON.parse(event.data) as {
        error?: { message?: string };
        choices?: Array<{ delta?: { content?: string } }>;
      };
      expectThat(!chunk.error, `error chunk: ${chunk.error?.message}`);
      text += chunk.choices?.[0]?.delta?.content ?? '';
    }
    expectThat(text.trim() !== '', 'the chunks carry no text');
    return `${events.length - 1} chunks, ${text.length} chars`;
  });
  await check('retrieval preview', async () => {
    const body = (await (
      await request('/v1/autoskill/retrieval/preview', { messages })
    ).json()) as { hits?: unknown[] };
    expectThat(Array.isArray(body.hits), 'no "hits" list');
    return `${body.hits?.length} hit(s)`;
  });
  await check('extraction', async () => {
    const scheduled = (await (
      await request('/v1/autoskill/extractions', { messages: RELEASE_CONVERSATION })
    ).json()) as { data?: { job_id?: string } };
    const jobId = scheduled.data?.job_id;
    expectThat(typeof jobId === 'string', 'no job_id');
    const response = await request(
      `/v1/autoskill/extractions/${jobId}/events?timeout_s=${Math.max(1, Math.round(timeoutMs / 1000))}`,
    );
    const parser = new SseParser();
    let last:
      | { status?: string; upserted?: unknown[]; added?: { id: string }[]; error?: string | null }
      | undefined;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      for (const event of parser.push(chunk))
        if (event.event === 'done' || event.event === 'update') last = JSON.parse(event.data);
    }
    expectThat(
      last?.status === 'completed' || last?.status === 'failed',
      `job ${jobId} did not finish (last status ${last?.status})`,
    );
    added.push(...(last?.added ?? []).map((skill) => skill.id));
    expectThat(last?.status === 'completed', `job ${jobId} failed: ${last?.error}`);
    return `job ${jobId} completed, ${last?.upserted?.length ?? 0} skill(s) upserted`;
  });
  if (added.length > 0)
    await check('cleanup', async () => {
      for (const id of added)
        await request(`/v1/autoskill/skills/${encodeURIComponent(id)}`, undefined, {
          method: 'DELETE',
        });
      return `removed the ${added.length} skill(s) the extraction check added`;
    });
  if (!options.skipEmbeddings) {
    await check('embeddings', async () => {
      const body = (await (await request('/v1/embeddings', { input: 'proxy check' })).json()) as {
        data?: Array<{ embedding?: unknown[] }>;
      };
      const vector = body.data?.[0]?.embedding;
      expectThat(Array.isArray(vector) && vector.length > 0, 'no embedding vector');
      return `${(vector as unknown[]).length} dimensions`;
    });
  }
  return results;
}
