import { currentKey } from './auth-store';

/** An API error with the server's status and OpenAI-shaped message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Headers of every API call: the key (when signed in) and any extras. */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const key = currentKey();
  return { ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

async function failure(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  let code: string | null = null;
  try {
    const body = (await response.json()) as { error?: { message?: string; code?: string } };
    if (body.error?.message) message = body.error.message;
    code = body.error?.code ?? null;
  } catch {
    // not JSON
  }
  return new ApiError(response.status, message, code);
}

/** Calls the server's API (same origin) and returns the raw response; non-2xx throws ApiError. */
export async function apiFetch(
  path: string,
  init: {
    method?: string;
    body?: BodyInit;
    json?: unknown;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  } = {},
): Promise<Response> {
  const headers = apiHeaders(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const response = await fetch(path, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(init.signal ? { signal: init.signal } : {}),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) throw await failure(response);
  return response;
}

/** `apiFetch` and parse the JSON answer. */
export async function apiJson<T>(
  path: string,
  init: Parameters<typeof apiFetch>[1] = {},
): Promise<T> {
  return (await (await apiFetch(path, init)).json()) as T;
}
