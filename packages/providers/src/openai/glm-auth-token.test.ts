import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { glmBearerToken } from './glm-auth-token';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('glmBearerToken (Zhipu BigModel JWT)', () => {
  it('signs header {alg, sign_type} and payload {api_key, exp, timestamp} in ms with the secret', () => {
    const now = 1_790_000_000_000;
    const token = glmBearerToken('token-id-1.token-secret-1', now);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'HS256', sign_type: 'SIGN' });
    expect(decode(payload)).toEqual({
      api_key: 'token-id-1',
      exp: now + 3_600_000,
      timestamp: now,
    });
    expect(signature).toBe(
      createHmac('sha256', 'token-secret-1').update(`${header}.${payload}`).digest('base64url'),
    );
  });

  it('reuses a token until five minutes before it expires, then signs a new one', () => {
    const now = 1_790_000_000_000;
    const first = glmBearerToken('token-id-2.token-secret-2', now);
    expect(glmBearerToken('token-id-2.token-secret-2', now + 3_000_000)).toBe(first);
    const renewed = glmBearerToken('token-id-2.token-secret-2', now + 3_400_000);
    expect(renewed).not.toBe(first);
    expect(decode(renewed.split('.')[1] as string).timestamp).toBe(now + 3_400_000);
  });

  it.each(['no-dot-key', '.starts-with-dot', 'ends-with-dot.'])('sends %s as is', (key) => {
    expect(glmBearerToken(key)).toBe(key);
  });
});
