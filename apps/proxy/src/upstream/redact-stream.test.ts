import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../sse/sse-parser';
import { redactStream } from './redact-stream';
import { redactUpstreamText, upstreamSecrets } from './redact-upstream-text';

const KEY = 'sk-live-0123456789abcdef';
const chunk = (text: string) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: text } }] })}\n\n`;

/** Feeds `text` cut at every `size` bytes and returns what comes out, chunk by chunk. */
async function through(text: string, size: number, secrets = [KEY]): Promise<string[]> {
  const source = new PassThrough();
  const redacted = redactStream(source, secrets);
  const out: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    redacted.on('data', (bytes: Buffer) => out.push(bytes.toString('utf8')));
    redacted.on('end', resolve);
    redacted.on('error', reject);
  });
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += size) source.write(bytes.subarray(at, at + size));
  source.end();
  await done;
  return out;
}

describe('redactStream', () => {
  it('passes chunks without secrets through as they are', async () => {
    const text = `${chunk('hello')}${chunk('wörld ✓')}data: [DONE]\n\n`;
    expect(await through(text, 1 << 20)).toEqual([text]);
    // Cut anywhere (inside a multi-byte character too), the bytes are the same.
    expect((await through(text, 3)).join('')).toBe(text);
  });

  it('replaces the exact key however the chunks cut it', async () => {
    const text = `${chunk(`the key is ${KEY} and again ${KEY}`)}data: [DONE]\n\n`;
    const expected = text.split(KEY).join('[redacted]');
    for (const size of [1, 2, 5, 7, 16, 1000])
      expect((await through(text, size)).join('')).toBe(expected);
  });

  it('holds an error event until it ends and scrubs key-looking tokens from it, LF or CRLF', async () => {
    const error = `data: {"error":{"message":"Incorrect API key provided: Bearer sk-other-99999999. Or ${KEY}."}}`;
    for (const newline of ['\n', '\r\n']) {
      const text = `${chunk('partial').replace(/\n/g, newline)}${error}${newline}${newline}`;
      for (const size of [1, 4, 9, 1000]) {
        const events = new SseParser().push(Buffer.from((await through(text, size)).join('')));
        expect(events.map((event) => event.data)).toEqual([
          JSON.stringify({
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta: { content: 'partial' } }],
          }),
          '{"error":{"message":"Incorrect API key provided: Bearer [redacted]. Or [redacted]."}}',
        ]);
      }
    }
  });

  it('scrubs an error event the stream ends inside', async () => {
    const out = await through('data: {"error":{"message":"Bearer abcdef123456', 5);
    expect(out.join('')).toBe('data: {"error":{"message":"Bearer [redacted]');
  });

  it('destroys the source when the reader gives up, and errors when the source breaks', async () => {
    const source = new PassThrough();
    const redacted = redactStream(source, [KEY]);
    redacted.destroy();
    expect(source.destroyed).toBe(true);

    const broken = new PassThrough();
    const failed = redactStream(broken, [KEY]);
    const error = new Promise((resolve) => failed.on('error', resolve));
    broken.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    expect(await error).toMatchObject({ code: 'ECONNRESET' });

    const closed = new PassThrough();
    const early = redactStream(closed, [KEY]);
    const closing = new Promise((resolve) => early.on('close', resolve));
    early.resume();
    closed.destroy();
    await closing;
    expect(early.readableEnded).toBe(false);
  });
});

describe('redactUpstreamText', () => {
  it('scrubs keys, Bearer tokens and JWTs but leaves ordinary words', () => {
    const secrets = upstreamSecrets('glm-0123456789.abcdef', 'Bearer tok_passthrough_1', {
      'api-key': 'azure-key-123456',
      'x-title': 'my app',
    });
    expect(secrets).toEqual(['glm-0123456789.abcdef', 'tok_passthrough_1', 'azure-key-123456']);
    expect(
      redactUpstreamText(
        'glm-0123456789.abcdef tok_passthrough_1 azure-key-123456 sk-ant-api03-xyzxyz sk-proj-ab***cd12 Bearer x eyJhbGciOiJ9.eyJzdWIiOiJ1In0.sig',
        secrets,
      ),
    ).toBe('[redacted] [redacted] [redacted] [redacted] [redacted] Bearer [redacted] [redacted]');
    const ordinary =
      'task-123456789 risk-management sk-learn my app: rate limit exceeded, retry in 20s (request req_abc123)';
    expect(redactUpstreamText(ordinary, secrets)).toBe(ordinary);
  });
});
