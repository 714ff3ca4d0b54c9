import { Readable } from 'node:stream';
import { clientClosedRequest, requestTooLarge } from './proxy-http-error';

/**
 * The proxy's one request-body reader (JSON, zip and multipart bodies alike, on both servers):
 * reads `source` once as it arrives and counts the bytes. Above `maxBytes` it rejects with a 413
 * at once and drops the rest (the answer closes the connection); a client that leaves mid-body
 * gets a 499. Nothing else may read a request body, so no two readers compete for one stream.
 */
export function readBody(source: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    source.on('data', (chunk: Uint8Array) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) settle(requestTooLarge(maxBytes));
      else
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
        );
    });
    source.once('end', () => settle(undefined));
    source.once('error', () => settle(clientClosedRequest()));
    // 'close' before 'end' on an incomplete body: the client went away mid-body.
    source.once('close', () => {
      if ((source as { complete?: boolean }).complete !== true) settle(clientClosedRequest());
    });
  });
}

/** A WHATWG request body (`app.request()`, fetch-style servers) as a stream `readBody` reads. */
export function webBodySource(body: ReadableStream<Uint8Array> | null): Readable {
  if (!body) return Readable.from([]);
  return Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
}
