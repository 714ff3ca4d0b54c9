import type { Caller, KeyChecker } from './identity';
import { requestTooLarge } from './proxy-http-error';

const OPEN: Caller = Object.freeze({});

/**
 * The first step of every request, on both servers: a declared body larger than `maxBodyBytes`
 * → 413 before a byte is read; under `/v1/` a missing or wrong key → 401. Returns the caller.
 */
export function admit(
  gate: { maxBodyBytes: number; keys: KeyChecker },
  request: { path: string; contentLength: string | undefined; authorization: string | undefined },
): Caller {
  if (Number(request.contentLength ?? 0) > gate.maxBodyBytes)
    throw requestTooLarge(gate.maxBodyBytes);
  return request.path.startsWith('/v1/') ? gate.keys.check(request.authorization) : OPEN;
}
