import { describe, expect, it } from 'vitest';
import { KeyChecker, resolveUserId } from './identity';
import { ProxyHttpError } from './proxy-http-error';

describe('KeyChecker', () => {
  const keys = new KeyChecker({
    proxyApiKey: 'operator-key-123',
    userKeys: { 'alice-key-0123456789': 'alice' },
  });

  it('accepts the proxy key and binds per-user keys to their user', () => {
    expect(keys.check('Bearer operator-key-123')).toEqual({});
    expect(keys.check('Bearer alice-key-0123456789')).toEqual({ boundUserId: 'alice' });
  });

  it.each([
    undefined,
    '',
    'Basic abc',
    'Bearer operator-key-12',
    'Bearer operator-key-1234',
    'operator-key-123',
  ])('refuses %j with 401', (header) => {
    expect(() => keys.check(header)).toThrow(
      expect.objectContaining({ status: 401, code: 'invalid_api_key' }),
    );
  });

  it('lets everything through when no key is configured', () => {
    expect(new KeyChecker({}).check(undefined)).toEqual({});
    expect(new KeyChecker({}).enabled).toBe(false);
  });
});

describe('resolveUserId', () => {
  it('prefers the body user, then the header, then the query, then the default', () => {
    expect(
      resolveUserId({
        caller: {},
        bodyUser: 'b',
        headerUser: 'h',
        queryUser: 'q',
        defaultUserId: 'u1',
      }),
    ).toBe('b');
    expect(
      resolveUserId({ caller: {}, headerUser: 'h', queryUser: 'q', defaultUserId: 'u1' }),
    ).toBe('h');
    expect(resolveUserId({ caller: {}, queryUser: 'q', defaultUserId: 'u1' })).toBe('q');
    expect(resolveUserId({ caller: {}, defaultUserId: 'u1' })).toBe('u1');
  });

  it('uses the key’s user and refuses a claim to be someone else', () => {
    expect(resolveUserId({ caller: { boundUserId: 'alice' }, defaultUserId: 'u1' })).toBe('alice');
    expect(
      resolveUserId({ caller: { boundUserId: 'alice' }, headerUser: 'alice', defaultUserId: 'u1' }),
    ).toBe('alice');
    const error = (() => {
      try {
        resolveUserId({ caller: { boundUserId: 'alice' }, bodyUser: 'bob', defaultUserId: 'u1' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProxyHttpError);
    expect((error as ProxyHttpError).status).toBe(403);
  });

  it.each(['../x', 'a/b', '', ' spaced', 'x'.repeat(300)])(
    'refuses unsafe user id %j with 400',
    (claim) => {
      if (claim === '') {
        expect(resolveUserId({ caller: {}, bodyUser: claim, defaultUserId: 'u1' })).toBe('u1');
        return;
      }
      expect(() => resolveUserId({ caller: {}, bodyUser: claim, defaultUserId: 'u1' })).toThrow(
        expect.objectContaining({ status: 400 }),
      );
    },
  );
});
