import { eventLoopDelayMs } from '../server/event-loop-delay';

/** When the phases of one chat turn happened (`performance.now()` milliseconds). */
export interface ChatTimings {
  /** The request body had been read. */
  receivedAt: number;
  /** Retrieval (with the cache lookup) took this long. */
  retrievalMs: number;
  /** The upstream call started, with the skills already injected. */
  upstreamAt: number;
  /** The upstream answered: its response head for streams, its whole body otherwise. */
  answeredAt: number;
}

const ms = (value: number) => Math.max(0, value).toFixed(2);

/**
 * The proxy's own share of a chat turn as a standard `Server-Timing` header (browser devtools,
 * `curl -v` and APM agents read it), so operators can tell AutoSkill's time from the vendor's:
 * `queue` = how long requests wait for this process's event loop before any handler runs (the
 * recent maximum; under load, the time that shows up in clients' latency and nowhere else);
 * `autoskill` = body read → upstream call (parse, identity, retrieval, injection);
 * `retrieval` = the part of it spent finding skills; `upstream` = the vendor's time.
 */
export function serverTiming(timings: ChatTimings): string {
  return [
    `queue;dur=${ms(eventLoopDelayMs())};desc="waiting for the event loop (recent max)"`,
    `autoskill;dur=${ms(timings.upstreamAt - timings.receivedAt)};desc="AutoSkill before the upstream call"`,
    `retrieval;dur=${ms(timings.retrievalMs)}`,
    `upstream;dur=${ms(timings.answeredAt - timings.upstreamAt)}`,
  ].join(', ');
}

/**
 * The `dur` of each entry of a Server-Timing header, by name (entries without one are left out).
 * Several headers (Node gives an array) form one list.
 */
export function parseServerTiming(
  header: string | readonly string[] | null | undefined,
): Record<string, number> {
  const timings: Record<string, number> = {};
  const list = typeof header === 'string' ? header : (header ?? []).join(',');
  for (const entry of list.split(',')) {
    const [name, ...params] = entry.trim().split(';');
    const duration = params.map((param) => param.trim()).find((param) => param.startsWith('dur='));
    const value = Number(duration?.slice(4));
    if (name && duration && Number.isFinite(value)) timings[name] = value;
  }
  return timings;
}
