import { createHash, timingSafeEqual } from 'node:crypto';
import type { EdgeRequest } from '../../edge/edge-request';
import { ProxyHttpError } from '../../edge/proxy-http-error';

/** The header that carries the admin key (never `Authorization`, which may be sent upstream). */
export const ADMIN_KEY_HEADER = 'x-autoskill-admin-key';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Refuses unless the request carries the proxy's admin key in `X-AutoSkill-Admin-Key`: 403 when
 * the proxy has none (admin routes are off), 401 when it is missing or wrong. Compared as SHA-256
 * digests in constant time; the key is never echoed.
 */
export function requireAdmin(edge: EdgeRequest, adminApiKey: string | undefined): void {
  if (!adminApiKey)
    throw new ProxyHttpError(
      403,
      'This route needs an admin key, and the proxy has none: start it with --admin-key <key> (or AUTOSKILL_ADMIN_KEY) and send the key in the X-AutoSkill-Admin-Key header.',
      'admin_key_not_configured',
      'permission_error',
    );
  const given = edge.header(ADMIN_KEY_HEADER)?.trim();
  if (!given || !timingSafeEqual(digest(given), digest(adminApiKey)))
    throw new ProxyHttpError(
      401,
      given
        ? 'Incorrect admin key in the X-AutoSkill-Admin-Key header.'
        : 'Missing admin key: send it in the X-AutoSkill-Admin-Key header.',
      'invalid_admin_key',
      'authentication_error',
    );
}
