import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AccessNote, accessNoteOf } from './access-note';
import { clientAbortSignal } from './client-abort';
import type { EdgeRequest } from './edge-request';
import { headerValue } from './header-value';
import type { Caller } from './identity';
import { readBody } from './read-body';

/**
 * A request served by node:http, over Node's own objects: no WHATWG Request, Headers or web
 * streams are built (they cost more than the rest of a proxied chat turn). The signal is made on
 * first use.
 */
export class NodeEdgeRequest implements EdgeRequest {
  private abortSignal: AbortSignal | undefined;
  private searchParams: URLSearchParams | undefined;
  readonly access: AccessNote | undefined;

  constructor(
    private readonly incoming: IncomingMessage,
    private readonly response: ServerResponse,
    readonly caller: Caller,
    private readonly maxBodyBytes: number,
  ) {
    this.access = accessNoteOf(incoming);
  }

  header(name: string): string | undefined {
    return headerValue(this.incoming.headers, name);
  }

  query(name: string): string | undefined {
    if (!this.searchParams) {
      const url = this.incoming.url ?? '';
      const start = url.indexOf('?');
      if (start === -1) return undefined;
      this.searchParams = new URLSearchParams(url.slice(start + 1));
    }
    return this.searchParams.get(name) ?? undefined;
  }

  body(): Promise<Buffer> {
    return readBody(this.incoming, this.maxBodyBytes);
  }

  get signal(): AbortSignal {
    this.abortSignal ??= clientAbortSignal(this.response);
    return this.abortSignal;
  }
}
