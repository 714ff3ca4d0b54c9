import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RecordedRequest } from './recorded-request';

/**
 * Whether a request carries the JWT Zhipu BigModel expects for the `id.secret` key: HS256 with
 * header `{alg: HS256, sign_type: SIGN}`, payload `{api_key: id, exp, timestamp}` in
 * milliseconds, not expired, signed with the secret. The raw key is refused.
 */
export function hasGlmToken(request: RecordedRequest, key: string, now = Date.now()): boolean {
  const [id, secret] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  const [header, payload, signature] = token?.split('.') ?? [];
  if (!header || !payload || !signature) return false;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return (
      head.alg === 'HS256' &&
      head.sign_type === 'SIGN' &&
      claims.api_key === id &&
      typeof claims.exp === 'number' &&
      typeof claims.timestamp === 'number' &&
      // Milliseconds, as BigModel wants: a seconds value would read as 1970.
      claims.timestamp > 1e12 &&
      claims.timestamp <= now + 60_000 &&
      claims.exp > now
    );
  } catch {
    return false;
  }
}
