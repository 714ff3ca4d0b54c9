// Child process for the latency benchmark: a fake OpenAI server, prints its URL.
// Default: a minimal node:http vendor that streams the same OpenAI chunks as
// @autoskill/test-vendors (one event per event-loop turn) but with little CPU of its own: a real
// vendor runs elsewhere, and on this small box the fake's CPU would compete with the proxy's.
// BENCH_PACE_MS=<n>: one event every n ms, like a vendor generating tokens (default: as fast
// as possible). Paced answers vary in length (6 to 22 text events, 14 on average, fixed by the
// request's sequence number) like real ones: with equal lengths, closed-loop clients stay in
// lockstep and all send their next request in the same millisecond. BENCH_VENDOR=test-vendors uses the (Hono, recording) fake of the tests instead.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeOpenAI } from '@autoskill/test-vendors';

const REPLY =
  'The quick brown fox jumps over the lazy dog, again and again, to fill a streamed answer.';

if (process.env.BENCH_VENDOR === 'test-vendors') {
  const vendor = await startFakeOpenAI({ reply: REPLY, chunkSize: 8 });
  // It records every request: forget them now and then so its heap stays flat over a long run.
  setInterval(() => vendor.reset(), 1000).unref();
  process.stdout.write(`${vendor.url}\n`);
  process.on('SIGTERM', () => vendor.close().then(() => process.exit(0)));
} else {
  const paceMs = Number(process.env.BENCH_PACE_MS ?? 0);
  let sequence = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: string };
      const textEvents =
        paceMs > 0 ? 6 + ((Math.imul(sequence + 1, 2654435761) >>> 0) % 17) : undefined;
      const base = {
        id: `chatcmpl-fake-${(sequence++).toString(36)}`,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: body.model ?? 'fake-model',
      };
      const frame = (choices: unknown[]) => `data: ${JSON.stringify({ ...base, choices })}\n\n`;
      const events = [
        frame([
          {
            index: 0,
            delta: { role: 'assistant', content: '' },
            logprobs: null,
            finish_reason: null,
          },
        ]),
      ];
      const step = textEvents === undefined ? 8 : Math.ceil(REPLY.length / textEvents);
      for (let index = 0; index < REPLY.length; index += step)
        events.push(
          frame([
            {
              index: 0,
              delta: { content: REPLY.slice(index, index + step) },
              logprobs: null,
              finish_reason: null,
            },
          ]),
        );
      events.push(frame([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]));
      events.push('data: [DONE]\n\n');
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      });
      let next = 0;
      const send = () => {
        if (response.destroyed) return;
        if (next === events.length) response.end();
        else {
          response.write(events[next++]);
          if (paceMs > 0) setTimeout(send, paceMs);
          else setImmediate(send);
        }
      };
      send();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`http://127.0.0.1:${port}/v1\n`);
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
