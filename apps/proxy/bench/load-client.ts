// The benchmark's load generator: closed-loop streaming clients over node:http with keep-alive,
// the same code for the direct and the proxied path. Plus /proc readers for CPU and RSS.
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { parseServerTiming } from '../src/chat/server-timing';

const QUESTIONS = [
  'How should I plan the release next week?',
  'Draft an invoice for the client',
  'Summarise the travel budget',
  'Review the database migration plan',
  'Format the citation list',
  'Prepare the onboarding schedule',
];

// Unique questions are numbered across the whole run, so no later level hits a cached retrieval.
let uniqueCounter = 0;

/** Six recurring questions (an agent loop re-sending its turn), or a never-seen one. */
export function question(index: number, unique: boolean): string {
  const base = QUESTIONS[index % QUESTIONS.length] as string;
  return unique ? `${base} (case ${uniqueCounter++})` : base;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * Milliseconds from sending a streamed chat request to its first body byte; the proxy's own
 * time (its Server-Timing header) goes to `own` when the answer has one.
 */
export function timeToFirstByte(url: string, text: string, own?: number[]): Promise<number> {
  const body = JSON.stringify({
    model: 'fake-model',
    stream: true,
    messages: [{ role: 'user', content: text }],
  });
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | undefined;
    const call = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-autoskill-user': 'bench',
        },
      },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
        const proxyTime = own && parseServerTiming(response.headers['server-timing']).autoskill;
        if (proxyTime !== undefined) own?.push(proxyTime);
        response.on('data', () => {
          first ??= performance.now() - started;
        });
        response.on('end', () => resolve(first ?? performance.now() - started));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

export interface LoadOptions {
  /** Never-seen questions (every request searches) instead of six recurring ones. */
  unique?: boolean;
  /** Collects the proxy's own times (Server-Timing). */
  own?: number[];
  /**
   * Client k starts k × rampMs / concurrency ms late, so clients of a paced vendor do not all
   * ask in the same millisecond (about one answer's duration spreads them evenly).
   */
  rampMs?: number;
}

/** `total` requests from `concurrency` closed-loop clients; the sorted TTFB samples. */
export async function measure(
  url: string,
  concurrency: number,
  total: number,
  { unique = false, own, rampMs = 0 }: LoadOptions = {},
): Promise<number[]> {
  const samples: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      if (rampMs > 0)
        await new Promise((resolve) => setTimeout(resolve, (client * rampMs) / concurrency));
      while (next < total) {
        const index = next++;
        samples.push(await timeToFirstByte(url, question(index, unique), own));
      }
    }),
  );
  return samples.sort((a, b) => a - b);
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

/** User + system CPU time of a process so far, in ms (Linux /proc, 10 ms ticks). */
export async function cpuOf(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** RSS of a process and all its descendants (cluster workers), in MB. */
export async function rssOfTree(pid: number): Promise<number> {
  const { readdir } = await import('node:fs/promises');
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const parent = Number(stat.split(') ')[1]?.split(' ')[1]);
    if (parent) parents.set(Number(entry), parent);
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents)
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
  }
  let total = 0;
  for (const member of tree) total += await rssOf(member).catch(() => 0);
  return total;
}
