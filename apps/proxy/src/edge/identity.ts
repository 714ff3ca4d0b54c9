import { createHash, timingSafeEqual } from 'node:crypto';
import { AutoSkillError, assertSafeUserId } from '@autoskill/core';
import { ProxyHttpError } from './proxy-http-error';

/** Who is calling, decided once per request by the auth middleware. */
export interface Caller {
  /** Set when a per-user key authenticated the request: the only user it may act as. */
  boundUserId?: string;
  /** True when `boundUserId` came from the trusted identity header, not from a key. */
  boundByHeader?: true;
  /**
   * The client's own `Authorization` header, set only when the proxy checks no keys: an
   * OpenAI-compatible upstream without a key of its own gets it (bring your own key).
   */
  upstreamAuthorization?: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks `Authorization: Bearer <key>` against the proxy key and the per-user keys in constant
 * time (keys are compared as SHA-256 digests so length differences leak nothing).
 */
export class KeyChecker {
  private readonly proxyKey: Buffer | undefined;
  private readonly userKeys: Array<{ digest: Buffer; userId: string }>;

  /**
   * The trusted identity header (lower case), when the operator opted in: its value is the user,
   * as a per-user key's would be. Only for a proxy reachable solely through that front end.
   */
  readonly identityHeader: string | undefined;

  constructor(config: {
    proxyApiKey?: string | undefined;
    userKeys?: Record<string, string> | undefined;
    trustIdentityHeader?: string | undefined;
  }) {
    this.identityHeader = config.trustIdentityHeader?.toLowerCase();
    this.proxyKey = config.proxyApiKey ? digest(config.proxyApiKey) : undefined;
    this.userKeys = Object.entries(config.userKeys ?? {}).map(([key, userId]) => ({
      digest: digest(key),
      userId,
    }));
  }

  /** True when some key is configured (then `/v1/` routes need one). */
  get enabled(): boolean {
    return this.proxyKey !== undefined || this.userKeys.length > 0;
  }

  /**
   * The caller for an Authorization header and the trusted identity header's value (ignored
   * unless `trustIdentityHeader` is set): 401 when a key is required and missing or wrong.
   */
  check(authorization: string | undefined, identity?: string | undefined): Caller {
    const caller = this.checkKey(authorization);
    return this.identityHeader === undefined
      ? caller
      : trustedCaller(caller, this.identityHeader, identity);
  }

  private checkKey(authorization: string | undefined): Caller {
    if (!this.enabled) return authorization ? { upstreamAuthorization: authorization } : {};
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
    if (!match)
      throw new ProxyHttpError(
        401,
        'Missing API key: send "Authorization: Bearer <key>".',
        'invalid_api_key',
        'authentication_error',
      );
    const given = digest((match[1] as string).trim());
    // Compare against every key (no early exit) so timing says nothing about which one matched.
    let boundUserId: string | undefined;
    let proxyMatch = false;
    for (const entry of this.userKeys)
      if (timingSafeEqual(entry.digest, given)) boundUserId = entry.userId;
    if (this.proxyKey && timingSafeEqual(this.proxyKey, given)) proxyMatch = true;
    if (boundUserId !== undefined) return { boundUserId };
    if (proxyMatch) return {};
    throw new ProxyHttpError(
      401,
      'Incorrect API key provided.',
      'invalid_api_key',
      'authentication_error',
    );
  }
}

/**
 * The caller once the trusted front end named its user: that user is bound like a per-user key's
 * (400 when it is no safe user id; 403 when a per-user key already binds someone else). An
 * absent or empty header leaves the caller as it was.
 */
function trustedCaller(caller: Caller, header: string, value: string | undefined): Caller {
  const userId = decodePercent(value?.trim() ?? '');
  if (!userId) return caller;
  try {
    assertSafeUserId(userId);
  } catch (error) {
    const reason = AutoSkillError.isInstance(error) ? error.message : 'invalid user id';
    throw new ProxyHttpError(
      400,
      `Invalid user in the ${header} header: ${reason}`,
      'invalid_user',
      'invalid_request_error',
      header,
    );
  }
  if (caller.boundUserId !== undefined && caller.boundUserId !== userId)
    throw new ProxyHttpError(
      403,
      `This API key belongs to another user than the one the ${header} header names.`,
      'forbidden',
      'permission_error',
      header,
    );
  const { upstreamAuthorization } = caller;
  return {
    boundUserId: userId,
    boundByHeader: true,
    ...(upstreamAuthorization ? { upstreamAuthorization } : {}),
  };
}

/** Open WebUI percent-encodes what it forwards (`quote(name)`); a value that is not stays as is. */
function decodePercent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The user a request acts as. With a per-user key: that key's user, and naming anyone else is
 * refused (403). Otherwise: body `user`, then `X-AutoSkill-User`, then `?user=`, then the default.
 * Claimed ids must be safe folder names (400). JWTs are never decoded.
 */
export function resolveUserId(options: {
  caller: Caller;
  bodyUser?: unknown;
  headerUser?: string | undefined;
  queryUser?: string | undefined;
  defaultUserId: string;
}): string {
  const claims = [options.bodyUser, options.headerUser, options.queryUser].filter(
    (value) => value !== undefined && value !== null && value !== '',
  );
  for (const claim of claims) {
    try {
      assertSafeUserId(claim);
    } catch (error) {
      const reason = AutoSkillError.isInstance(error) ? error.message : 'invalid user id';
      throw new ProxyHttpError(
        400,
        `Invalid user: ${reason}`,
        'invalid_user',
        'invalid_request_error',
        'user',
      );
    }
  }
  const bound = options.caller.boundUserId;
  if (bound !== undefined) {
    if (claims.some((claim) => claim !== bound)) {
      throw new ProxyHttpError(
        403,
        'This API key belongs to another user; it cannot act as the user named in the request.',
        'forbidden',
        'permission_error',
        'user',
      );
    }
    return bound;
  }
  return (claims[0] as string | undefined) ?? options.defaultUserId;
}
