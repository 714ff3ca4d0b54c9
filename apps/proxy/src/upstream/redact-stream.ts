import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { ERROR_KEY, errorKeyAcrossSeam } from '../sse/error-key';
import { REDACTED, redactUpstreamText } from './redact-upstream-text';

const REDACTED_BYTES = Buffer.from(REDACTED);
// An error event is held until it ends; one that never ends is cut off at this size.
const MAX_ERROR_EVENT_BYTES = 1024 * 1024;

/**
 * The vendor's SSE bytes with its secrets taken out, still passed on as they arrive: the exact
 * `secrets` are replaced wherever they occur (a chunk that ends with the start of one waits for
 * the next), and an error event (a `"error"` key) is held until it ends and scrubbed of anything
 * that looks like a key. Everything else passes untouched, chunk by chunk. Destroying the result
 * destroys `source` (the upstream connection closes); a `source` that breaks off errors it.
 */
export function redactStream(source: Readable, secrets: readonly string[]): Readable {
  const redactor = new SseRedactor(secrets, source);
  // Wired by hand: `pipeline()` cost several times the scrubbing itself per stream.
  source.pipe(redactor);
  source.on('error', (error) => redactor.destroy(error));
  // Closed before its end (no error event): the reader sees its source close early too.
  source.on('close', () => {
    if (!source.readableEnded) redactor.destroy();
  });
  return redactor;
}

const EMPTY = Buffer.alloc(0);

interface Needles {
  needles: readonly Buffer[];
  bytes: Uint8Array;
}

// A proxy sends one or two keys: their byte forms are made once, not per stream.
const preparedNeedles = new Map<string, Needles>();

function needlesOf(secrets: readonly string[]): Needles {
  const key = secrets.join('\n');
  let prepared = preparedNeedles.get(key);
  if (!prepared) {
    const needles = secrets.map((secret) => Buffer.from(secret));
    const bytes = new Uint8Array(256);
    for (const needle of needles) for (const byte of needle) bytes[byte] = 1;
    prepared = { needles, bytes };
    if (preparedNeedles.size >= 64) preparedNeedles.clear();
    preparedNeedles.set(key, prepared);
  }
  return prepared;
}

class SseRedactor extends Transform {
  private readonly needles: readonly Buffer[];
  /** 1 for every byte that occurs in a secret (a chunk ending in any other byte holds no start of one). */
  private readonly secretBytes: Uint8Array;
  /** Bytes not passed on yet: a possible start of a secret, or an error event in progress. */
  private held: Buffer | undefined;
  private inErrorEvent = false;
  /** The last bytes passed on, to find a `"error"` split across chunks. */
  private tail: Buffer = EMPTY;

  constructor(
    private readonly secrets: readonly string[],
    private readonly source: Readable,
  ) {
    super();
    const prepared = needlesOf(secrets);
    this.needles = prepared.needles;
    this.secretBytes = prepared.bytes;
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // The reader gave up (or the source broke): the upstream connection closes.
    this.source.destroy();
    done(error);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = undefined;
    try {
      this.scan(data);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const rest = this.held;
    this.held = undefined;
    if (rest) {
      // The stream ended inside an error event or on the start of a secret: scrub what is there.
      const text = redactUpstreamText(rest.toString('utf8'), this.secrets);
      const partial = !this.inErrorEvent && rest.length >= 6 && this.partialSecretAt(rest) === 0;
      this.push(partial ? REDACTED_BYTES : Buffer.from(text));
    }
    done();
  }

  private scan(data: Buffer): void {
    if (!this.inErrorEvent) {
      const errorAt = this.errorKeyAt(data);
      if (errorAt === -1) {
        this.passPlain(data);
        return;
      }
      // Pass what comes before the event that holds the error key; hold the event itself.
      const start = boundaryBefore(data, errorAt);
      this.passPlain(data.subarray(0, start));
      data = data.subarray(start);
      this.inErrorEvent = true;
    }
    const end = boundaryAfter(data);
    if (end === -1) {
      if (data.length > MAX_ERROR_EVENT_BYTES)
        throw new Error('the upstream sent an error event larger than 1 MB');
      this.held = Buffer.from(data);
      return;
    }
    this.inErrorEvent = false;
    this.pushBytes(
      Buffer.from(redactUpstreamText(data.subarray(0, end).toString('utf8'), this.secrets)),
    );
    if (end < data.length) this.scan(data.subarray(end));
  }

  /** Bytes outside error events: only the exact secrets are replaced. */
  private passPlain(data: Buffer): void {
    if (data.length === 0) return;
    let out = data;
    if (this.needles.some((needle) => data.includes(needle))) {
      const text = data.toString('latin1');
      let replaced = text;
      for (const secret of this.secrets) replaced = replaced.split(secret).join(REDACTED);
      out = Buffer.from(replaced, 'latin1');
    }
    const partialAt = this.partialSecretAt(out);
    if (partialAt !== -1) {
      this.held = Buffer.from(out.subarray(partialAt));
      out = out.subarray(0, partialAt);
    }
    this.pushBytes(out);
  }

  private pushBytes(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const keep = ERROR_KEY.length - 1;
    this.tail =
      bytes.length >= keep
        ? bytes.subarray(bytes.length - keep)
        : Buffer.concat([this.tail, bytes]).subarray(-keep);
    this.push(bytes);
  }

  /** Where `"error"` starts in `data` (`0` when it began in the bytes already passed on), or -1. */
  private errorKeyAt(data: Buffer): number {
    const at = data.indexOf(ERROR_KEY);
    if (at !== -1) return at;
    return errorKeyAcrossSeam(this.tail, data) ? 0 : -1;
  }

  /** Where a trailing start of some secret begins in `data` (it may continue in the next chunk), or -1. */
  private partialSecretAt(data: Buffer): number {
    if (data.length === 0 || this.secretBytes[data[data.length - 1] as number] === 0) return -1;
    let earliest = -1;
    for (const needle of this.needles) {
      const from = Math.max(0, data.length - needle.length + 1);
      for (let at = from; at < data.length; at++) {
        if (data[at] !== needle[0]) continue;
        if (data.subarray(at).equals(needle.subarray(0, data.length - at))) {
          if (earliest === -1 || at < earliest) earliest = at;
          break;
        }
      }
    }
    return earliest;
  }
}

/** The start of the SSE event that holds byte `index` (just after the blank line before it). */
function boundaryBefore(data: Buffer, index: number): number {
  const head = data.subarray(0, index);
  const lf = head.lastIndexOf('\n\n');
  const crlf = head.lastIndexOf('\n\r\n');
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 3);
}

/** Just after the blank line that ends the first event in `data`, or -1 when it has not ended. */
function boundaryAfter(data: Buffer): number {
  const lf = data.indexOf('\n\n');
  const crlf = data.indexOf('\n\r\n');
  if (lf === -1 && crlf === -1) return -1;
  if (crlf === -1 || (lf !== -1 && lf < crlf)) return lf + 2;
  return crlf + 3;
}
