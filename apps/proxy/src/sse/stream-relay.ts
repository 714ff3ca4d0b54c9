import type { Readable } from 'node:stream';
import { AutoSkillError } from '@autoskill/core';
import { ProxyHttpError } from '../edge/proxy-http-error';
import { ERROR_KEY, errorKeyAcrossSeam } from './error-key';
import { SseParser, sseFrame } from './sse-parser';

/** Where relayed bytes go: a Node `ServerResponse` or a web stream controller. */
export interface RelaySink {
  /** Writes a chunk; `false` asks the relay to wait for `onDrain` (backpressure). */
  write(chunk: Uint8Array): boolean;
  end(): void;
  onDrain(listener: () => void): void;
}

/** How a relayed answer ended: `ok` unless it broke off, stalled, was cancelled or was an error. */
export interface StreamOutcome {
  ok: boolean;
  /** The answer text of choice 0 (only with `collectText`). */
  text: string;
}

export interface RelayOptions {
  /** Longest silence between two upstream chunks before the stream is ended with an error. */
  idleTimeoutMs: number;
  /** Keep the answer text for learning (default true); off, only error keys are looked for. */
  collectText?: boolean;
  /** Called once, after the client has the last byte. Errors it throws are ignored. */
  onEnd: (outcome: StreamOutcome) => void;
}

/** A running relay; `cancel` is for the client going away (it also ends the upstream request). */
export interface Relay {
  cancel(reason?: unknown): void;
}

// Beyond this the answer is still relayed, but no longer kept for learning.
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/**
 * Passes upstream SSE bytes to the client untouched, as they arrive. Nothing is parsed while
 * streaming: when learning, the chunks are kept and read once after the end (answer text, error
 * events); otherwise each chunk is only searched for an error key. A broken or stalled upstream
 * ends the stream with an OpenAI error event (clients raise it); `cancel` destroys the upstream
 * body, which closes the upstream connection.
 */
export function relayStream(source: Readable, sink: RelaySink, options: RelayOptions): Relay {
  const collectText = options.collectText ?? true;
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let sawError = false;
  let previous: Buffer | undefined;
  let ended = false;
  // One timer per stream, pushed back on every chunk (cheaper than a timer per read).
  const idle = setTimeout(
    () => fail(`upstream sent nothing for ${options.idleTimeoutMs} ms`),
    options.idleTimeoutMs,
  );

  function finish(ok: boolean): void {
    ended = true;
    clearTimeout(idle);
    const report = () => {
      try {
        options.onEnd(collectText ? summarise(chunks, ok) : { ok: ok && !sawError, text: '' });
      } catch {
        // Learning problems never reach the client.
      }
    };
    // Parsing (and learning) waits until the client's bytes are on their way.
    if (collectText) setImmediate(report);
    else report();
  }

  function fail(reason: string): void {
    if (ended) return;
    const error = new ProxyHttpError(
      502,
      `The upstream stream broke off: ${reason}`,
      'upstream_stream_error',
      'upstream_error',
    );
    sink.write(sseFrame(JSON.stringify(error.toBody())));
    sink.end();
    finish(false);
    source.destroy();
  }

  source.on('data', (chunk: Buffer) => {
    if (ended) return;
    idle.refresh();
    if (collectText) {
      if (kept < MAX_KEPT_BYTES) {
        chunks.push(chunk);
        kept += chunk.length;
      }
    } else if (!sawError) {
      // In JSON an unescaped `"error"` is only ever a key or a whole value (an error event, or a
      // finish reason "error"): no parsing needed. The seam between chunks is checked too.
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      sawError =
        bytes.indexOf(ERROR_KEY) !== -1 ||
        (previous !== undefined && errorKeyAcrossSeam(previous, bytes));
      previous = bytes;
    }
    if (!sink.write(chunk)) {
      source.pause();
      sink.onDrain(() => source.resume());
    }
  });
  source.on('end', () => {
    if (ended) return;
    sink.end();
    finish(true);
  });
  source.on('error', (error) => fail(describe(error)));
  // 'close' follows 'end' on success; alone it means the connection went away mid-answer.
  source.on('close', () => fail('the connection closed before the answer ended'));

  return {
    cancel(reason) {
      if (ended) return;
      finish(false);
      source.destroy(reason instanceof Error ? reason : undefined);
    },
  };
}

/** Reads the kept bytes once: answer text of choice 0 and whether an error event came. */
function summarise(chunks: Uint8Array[], ok: boolean): StreamOutcome {
  const bytes = Buffer.concat(chunks);
  const parser = new SseParser();
  let failed = !ok;
  let text = '';
  for (const event of [...parser.push(bytes), ...parser.end()]) {
    if (event.data === '[DONE]' || event.data === '') continue;
    let chunk: {
      error?: unknown;
      choices?: Array<{ index?: number; delta?: { content?: unknown } }>;
    };
    try {
      chunk = JSON.parse(event.data);
    } catch {
      continue;
    }
    if (chunk.error) failed = true;
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) === 0 && typeof choice.delta?.content === 'string')
        text += choice.delta.content;
    }
  }
  return { ok: !failed, text };
}

function describe(error: unknown): string {
  // A model's own error (e.g. a provider's ProviderCallError) already says what happened.
  if (AutoSkillError.isInstance(error)) return error.message;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = (error as { code?: string })?.code;
  return (
    cause?.code ??
    cause?.message ??
    code ??
    (error instanceof Error ? error.message : String(error))
  );
}
