import type { AccessNote } from './access-note';
import type { Caller } from './identity';

/**
 * One request as the edge presents it to the handlers, whichever server received it: the node:http
 * chat listener and the Hono app both build one (see `NodeEdgeRequest`, `WebEdgeRequest`), so
 * body limits, identity and disconnects are handled the same way everywhere.
 */
export interface EdgeRequest {
  /** Who is calling, decided by `admit`. */
  readonly caller: Caller;
  /** A request header by lower-case name (repeated headers joined with `, `). */
  header(name: string): string | undefined;
  /** A query-string value (`?name=`). */
  query(name: string): string | undefined;
  /** The body, read once by `readBody` (413 above the proxy's `maxBodyBytes`). */
  body(): Promise<Buffer>;
  /** Aborts when the client goes away before the answer ended. */
  readonly signal: AbortSignal;
  /** This request's access-log note, when access logging is on: handlers add user and skills. */
  readonly access?: AccessNote | undefined;
}
