import { parseSearchScope, type SearchScope } from '@autoskill/core';
import type { EdgeRequest } from '../edge/edge-request';
import { ProxyHttpError } from '../edge/proxy-http-error';
import type { ProxyConfig, ProxyExtractMode } from '../server/proxy-config';

/** What one chat turn retrieves and learns with: the proxy's config, overridden per request. */
export interface TurnSettings {
  scope: SearchScope;
  topK: number;
  minScore: number;
  rewriteMode: ProxyConfig['rewriteMode'];
  extractMode: ProxyExtractMode;
}

const bad = (header: string, message: string) =>
  new ProxyHttpError(400, `${header}: ${message}`, 'invalid_request', undefined, header);

function choice<T extends string>(
  header: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (!(allowed as readonly string[]).includes(text))
    throw bad(header, `must be one of ${allowed.join(', ')}`);
  return text as T;
}

function number(
  header: string,
  value: string | undefined,
  bounds: { min: number; max: number; integer: boolean },
  fallback: number,
): number {
  const text = value?.trim();
  if (!text) return fallback;
  const parsed = Number(text);
  if (
    !Number.isFinite(parsed) ||
    parsed < bounds.min ||
    parsed > bounds.max ||
    (bounds.integer && !Number.isInteger(parsed))
  )
    throw bad(
      header,
      `must be ${bounds.integer ? 'an integer' : 'a number'} from ${bounds.min} to ${bounds.max}`,
    );
  return parsed;
}

/**
 * The settings of a chat turn: `X-AutoSkill-Scope` (`user`, `common`/`library`, `all`),
 * `X-AutoSkill-Top-K` (0–50), `X-AutoSkill-Min-Score` (0–1), `X-AutoSkill-Rewrite-Mode` and
 * `X-AutoSkill-Extract-Mode` (`auto`, `always`, `never`) override the proxy's config for this
 * request only (the studio's settings); a bad value is a 400 naming the header.
 */
export function turnSettingsOf(request: EdgeRequest, config: ProxyConfig): TurnSettings {
  const scopeHeader = request.header('x-autoskill-scope')?.trim().toLowerCase();
  let scope = config.skillScope;
  if (scopeHeader) {
    try {
      scope = parseSearchScope(scopeHeader, { field: 'X-AutoSkill-Scope' });
    } catch (error) {
      throw new ProxyHttpError(
        400,
        (error as Error).message,
        'invalid_request',
        undefined,
        'X-AutoSkill-Scope',
      );
    }
  }
  const modes = ['always', 'auto', 'never'] as const;
  return {
    scope,
    topK: number(
      'X-AutoSkill-Top-K',
      request.header('x-autoskill-top-k'),
      { min: 0, max: 50, integer: true },
      config.topK,
    ),
    minScore: number(
      'X-AutoSkill-Min-Score',
      request.header('x-autoskill-min-score'),
      { min: 0, max: 1, integer: false },
      config.minScore,
    ),
    rewriteMode: choice(
      'X-AutoSkill-Rewrite-Mode',
      request.header('x-autoskill-rewrite-mode'),
      modes,
      config.rewriteMode,
    ),
    extractMode: choice(
      'X-AutoSkill-Extract-Mode',
      request.header('x-autoskill-extract-mode'),
      modes,
      config.extractMode,
    ),
  };
}
