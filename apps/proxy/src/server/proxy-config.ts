import {
  assertSafeUserId,
  InvalidArgumentError,
  parseSearchScope,
  SEARCH_SCOPE_INPUTS,
  type SearchScope,
} from '@autoskill/core';
import { DEFAULT_MIN_INJECT_SCORE } from '@autoskill/sdk';
import { z } from 'zod';
import { normalizeServedModels, type ServedModelInput, servedModelInput } from './served-models';

/** When the proxy learns from chat traffic: every N-th turn (`auto`), every turn, or never. */
export type ProxyExtractMode = 'auto' | 'always' | 'never';

/** Everything the proxy decides per request. Every field has a default (see `DEFAULT_PROXY_CONFIG`). */
export interface ProxyConfig {
  /** User when the request names none (default `u1`). */
  defaultUserId: string;
  /** Skills searched for injection: `user`, `common` (the library) or `all` (default). */
  skillScope: SearchScope;
  /** Query rewrite before retrieval (needs an LLM; default `auto`: follow-ups that lean on earlier turns). */
  rewriteMode: 'always' | 'auto' | 'never';
  /** When chat traffic is learned from (default `auto`). */
  extractMode: ProxyExtractMode;
  /** With `auto`: learn every N-th chat turn of a user (default 1 = every turn). */
  extractTurnLimit: number;
  /** Hits below this score are not injected (default 0.1, the hybrid score scale: docs/decisions/2026-11-25-score-thresholds.md). */
  minScore: number;
  /** Skills injected at most (default 1). */
  topK: number;
  /** Messages of the request (plus the answer) a learning job sees (default 6). */
  ingestWindow: number;
  /** When set, every `/v1/` route needs `Authorization: Bearer <key>`. */
  proxyApiKey?: string;
  /** Per-user keys (key → user id): the key decides who the caller is. */
  userKeys?: Record<string, string>;
  /** Admin routes (forget a user) need this key in `X-AutoSkill-Admin-Key`; off when unset. */
  adminApiKey?: string;
  /**
   * A header a trusted front end (Open WebUI: `X-OpenWebUI-User-Id`) sets to the signed-in user;
   * when set, its value is the user, as a per-user key's would be. Anyone who can reach the proxy
   * can send it, so only for a proxy reachable solely through that front end. Off by default.
   */
  trustIdentityHeader?: string;
  /**
   * Models listed by `/v1/models` (ids, or `{id, owned_by?, created?}` objects); a request naming
   * one of them is sent with the upstream model.
   */
  servedModels: ServedModelInput[];
  /** Largest accepted request body (default 10 MB). */
  maxBodyBytes: number;
  /** `/v1/embeddings`: AutoSkill's embedding model (default) or the upstream's `/embeddings`. */
  embeddings: 'autoskill' | 'upstream';
  /** How long a chat turn's retrieval result is reused for the same request (default 30 s; 0 = off). */
  retrievalCacheTtlMs: number;
}

export const DEFAULT_PROXY_CONFIG: ProxyConfig = {
  defaultUserId: 'u1',
  skillScope: 'all',
  rewriteMode: 'auto',
  extractMode: 'auto',
  extractTurnLimit: 1,
  minScore: DEFAULT_MIN_INJECT_SCORE,
  topK: 1,
  ingestWindow: 6,
  servedModels: [],
  maxBodyBytes: 10_000_000,
  embeddings: 'autoskill',
  retrievalCacheTtlMs: 30_000,
};

const configSchema = z.object({
  defaultUserId: z.string().min(1).optional(),
  skillScope: z.enum(SEARCH_SCOPE_INPUTS).optional(),
  rewriteMode: z.enum(['always', 'auto', 'never']).optional(),
  extractMode: z.enum(['auto', 'always', 'never']).optional(),
  extractTurnLimit: z.number().int().min(1).max(1000).optional(),
  minScore: z.number().min(0).max(1).optional(),
  topK: z.number().int().min(0).max(50).optional(),
  ingestWindow: z.number().int().min(2).max(200).optional(),
  proxyApiKey: z.string().min(8, 'must be at least 8 characters').optional(),
  userKeys: z
    .record(z.string().min(8, 'keys must be at least 8 characters'), z.string().min(1))
    .optional(),
  adminApiKey: z.string().min(16, 'must be at least 16 characters').optional(),
  trustIdentityHeader: z
    .string()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
    .refine((name) => name.toLowerCase() !== 'authorization', 'cannot be Authorization')
    .optional(),
  servedModels: z.array(servedModelInput).optional(),
  maxBodyBytes: z.number().int().min(1024).optional(),
  embeddings: z.enum(['autoskill', 'upstream']).optional(),
  retrievalCacheTtlMs: z.number().int().min(0).optional(),
});

/** Validates a partial config and fills the defaults; throws InvalidArgumentError naming the bad field. */
export function resolveProxyConfig(input: Partial<ProxyConfig> = {}): ProxyConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(
      `proxy config ${issue?.path.join('.') || ''}`.trim(),
      issue?.message ?? 'invalid',
    );
  }
  const defined = Object.fromEntries(
    Object.entries(parsed.data).filter(([, value]) => value !== undefined),
  );
  const config = { ...DEFAULT_PROXY_CONFIG, ...defined } as ProxyConfig;
  config.skillScope = parseSearchScope(config.skillScope, { field: 'proxy config skillScope' });
  config.servedModels = normalizeServedModels(config.servedModels);
  assertSafeUserId(config.defaultUserId);
  for (const userId of Object.values(config.userKeys ?? {})) assertSafeUserId(userId);
  return config;
}
