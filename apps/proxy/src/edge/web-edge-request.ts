import type { EdgeRequest } from './edge-request';
import type { Caller } from './identity';
import { readBody, webBodySource } from './read-body';

/** A WHATWG request (`app.request()` in tests, fetch-style servers). */
export class WebEdgeRequest implements EdgeRequest {
  private url: URL | undefined;

  constructor(
    private readonly request: Request,
    readonly caller: Caller,
    private readonly maxBodyBytes: number,
  ) {}

  header(name: string): string | undefined {
    return this.request.headers.get(name) ?? undefined;
  }

  query(name: string): string | undefined {
    this.url ??= new URL(this.request.url);
    return this.url.searchParams.get(name) ?? undefined;
  }

  body(): Promise<Buffer> {
    return readBody(webBodySource(this.request.body), this.maxBodyBytes);
  }

  get signal(): AbortSignal {
    return this.request.signal;
  }
}
