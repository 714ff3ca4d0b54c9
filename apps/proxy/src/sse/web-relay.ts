import type { Readable } from 'node:stream';
import { type Relay, type RelayOptions, relayStream } from './stream-relay';

/**
 * The relay as a web stream, for the Hono route (`app.request()`, other servers). Node's server
 * uses `relayStream` with the `ServerResponse` directly, which skips the web stream machinery.
 */
export function relayToWebStream(
  source: Readable,
  options: RelayOptions,
): ReadableStream<Uint8Array> {
  let relay: Relay | undefined;
  let resume: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        relay = relayStream(
          source,
          {
            write(chunk) {
              controller.enqueue(chunk);
              return (controller.desiredSize ?? 1) > 0;
            },
            end: () => controller.close(),
            onDrain(listener) {
              resume = listener;
            },
          },
          options,
        );
      },
      pull() {
        const next = resume;
        resume = undefined;
        next?.();
      },
      cancel(reason) {
        relay?.cancel(reason);
      },
    },
    { highWaterMark: 16 },
  );
}
