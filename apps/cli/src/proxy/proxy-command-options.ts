import type { SearchScope } from '@autoskill/core';
import type { StoreOptions } from '../store-options';

/** The parsed flags of `autoskill proxy`. */
export interface ProxyCommandOptions extends StoreOptions {
  host: string;
  port: number;
  userId: string;
  skillScope: SearchScope;
  rewriteMode: 'always' | 'auto' | 'never';
  extractMode: 'auto' | 'always' | 'never';
  extractTurnLimit: number;
  ingestWindow: number;
  minScore: number;
  topK: number;
  proxyApiKey?: string;
  keysFile?: string;
  adminKey?: string;
  libraryDir: string[];
  servedModel: string[];
  /** JSON text or a comma list of ids (parsed by `prepareProxy`). */
  servedModelsJson?: string;
  trustIdentityHeader?: string;
  extractLlmProvider?: string;
  extractLlmModel?: string;
  extractLlmBaseUrl?: string;
  extractLlmApiKey?: string;
  upstreamTimeoutMs?: number;
  upstreamRetries?: number;
  upstreamDeadlineMs?: number;
  embeddingsSource: 'autoskill' | 'upstream';
  maxBodyBytes: number;
  retrievalCacheMs: number;
  /** Processes serving the port (node:cluster); 1 = this process alone. */
  workers: number;
  /** Learning jobs of one user / of everyone waiting at most; more are dropped (visible). */
  learningQueuePerUser: number;
  learningQueueMax: number;
  /** One stderr line per request (also on with `--verbose`). */
  accessLog?: boolean;
}
