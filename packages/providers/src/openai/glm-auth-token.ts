import { createHmac } from 'node:crypto';

/** How long a signed token is valid (the original's TTL: one hour). */
const TOKEN_TTL_MS = 3_600_000;
/** A cached token is signed again this long before it expires (clock skew, slow requests). */
const RENEW_BEFORE_MS = 300_000;

const cache = new Map<string, { token: string; expiresAt: number }>();

const base64Url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The bearer token Zhipu BigModel (GLM) expects for an `id.secret` API key: an HS256 JWT with
 * header `{alg: HS256, sign_type: SIGN}` and payload `{api_key: id, exp, timestamp}` in
 * milliseconds, signed with the secret, valid one hour and reused until five minutes before it
 * expires. A key without a dot is returned as is (BigModel also takes the raw key).
 */
export function glmBearerToken(apiKey: string, now: number = Date.now()): string {
  const dot = apiKey.indexOf('.');
  if (dot <= 0 || dot === apiKey.length - 1) return apiKey;
  const cached = cache.get(apiKey);
  if (cached && now < cached.expiresAt - RENEW_BEFORE_MS) return cached.token;
  const id = apiKey.slice(0, dot);
  const secret = apiKey.slice(dot + 1);
  const expiresAt = now + TOKEN_TTL_MS;
  const unsigned = `${base64Url(JSON.stringify({ alg: 'HS256', sign_type: 'SIGN' }))}.${base64Url(
    JSON.stringify({ api_key: id, exp: expiresAt, timestamp: now }),
  )}`;
  const signature = createHmac('sha256', secret).update(unsigned).digest('base64url');
  const token = `${unsigned}.${signature}`;
  // One entry per key: a process uses a handful of keys, never an unbounded number.
  cache.set(apiKey, { token, expiresAt });
  return token;
}
