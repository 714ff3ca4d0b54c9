import { Readable } from 'node:stream';

/**
 * A Node stream over a web stream (translated or generated answers), so every upstream kind
 * reaches the relay in the same form. Destroying it cancels the web stream.
 */
export function fromWebStream(stream: ReadableStream<Uint8Array>): Readable {
  return Readable.fromWeb(stream as Parameters<typeof Readable.fromWeb>[0]);
}
