import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';
import { type RelaySink, relayStream, type StreamOutcome } from './stream-relay';

const toBuffer = (text: string) => Buffer.from(text);
const frame = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const delta = (content: string) =>
  frame({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] });

/** A sink that records what the client would receive. */
function recordingSink() {
  const written: string[] = [];
  let ended = false;
  const sink: RelaySink = {
    write(chunk) {
      written.push(Buffer.from(chunk).toString('utf8'));
      return true;
    },
    end() {
      ended = true;
    },
    onDrain() {},
  };
  return { sink, text: () => written.join(''), ended: () => ended };
}

function relay(
  source: Readable,
  options: { collectText?: boolean; idleTimeoutMs?: number } = {},
): {
  client: ReturnType<typeof recordingSink>;
  outcome: Promise<StreamOutcome>;
  cancel: () => void;
} {
  const client = recordingSink();
  let cancel = () => {};
  const outcome = new Promise<StreamOutcome>((resolve) => {
    cancel = relayStream(source, client.sink, {
      idleTimeoutMs: options.idleTimeoutMs ?? 5000,
      collectText: options.collectText ?? true,
      onEnd: resolve,
    }).cancel;
  });
  return { client, outcome, cancel: () => cancel() };
}

describe('relayStream', () => {
  it('passes the bytes through untouched and reads the answer text after the end', async () => {
    const bytes = [delta('Hel'), `${delta('lo')}data: [DONE]`, '\n\n'];
    const { client, outcome } = relay(Readable.from(bytes.map(toBuffer)));
    expect(await outcome).toEqual({ ok: true, text: 'Hello' });
    expect(client.text()).toBe(bytes.join(''));
    expect(client.ended()).toBe(true);
  });

  it('without learning, counts an error event as a failure, even split across chunks', async () => {
    const error = frame({ error: { message: 'overloaded' } });
    const cut = error.indexOf('"error"') + 3;
    const failed = relay(Readable.from([error.slice(0, cut), error.slice(cut)].map(toBuffer)), {
      collectText: false,
    });
    expect(await failed.outcome).toEqual({ ok: false, text: '' });
    expect(failed.client.text()).toBe(error);
    // The word in an answer is escaped JSON, not a key: the answer stays a success.
    const fine = relay(Readable.from([toBuffer(delta('an "error" in quotes'))]), {
      collectText: false,
    });
    expect(await fine.outcome).toEqual({ ok: true, text: '' });
  });

  it('ends a stream that breaks off with an OpenAI error event', async () => {
    const source = new Readable({ read() {} });
    const { client, outcome } = relay(source);
    source.push(Buffer.from(delta('partial')));
    setImmediate(() => source.destroy(new Error('socket hang up')));
    expect((await outcome).ok).toBe(false);
    const parser = new SseParser();
    const events = [...parser.push(Buffer.from(client.text())), ...parser.end()];
    expect(`data: ${events[0]?.data}\n\n`).toBe(delta('partial'));
    expect(JSON.parse(events[1]?.data as string).error).toMatchObject({
      code: 'upstream_stream_error',
      message: expect.stringContaining('socket hang up'),
    });
    expect(client.ended()).toBe(true);
  });

  it('ends a silent stream after the idle timeout', async () => {
    const source = new Readable({ read() {} });
    const { client, outcome } = relay(source, { idleTimeoutMs: 20 });
    source.push(Buffer.from(delta('first')));
    expect((await outcome).ok).toBe(false);
    expect(client.text()).toContain('sent nothing for 20 ms');
    expect(source.destroyed).toBe(true);
  });

  it('destroys the upstream body when the client cancels', async () => {
    const source = new Readable({ read() {} });
    const { client, outcome, cancel } = relay(source);
    source.push(Buffer.from(delta('first')));
    await new Promise((resolve) => setImmediate(resolve));
    cancel();
    expect(await outcome).toEqual({ ok: false, text: 'first' });
    expect(source.destroyed).toBe(true);
    expect(client.ended()).toBe(false);
  });
});
