import { createHash } from 'node:crypto';
import { type ChatMessage, messageText } from '@autoskill/core';
import type { PreparedTurn } from '@autoskill/sdk';

/**
 * Recent retrieval results, so repeated requests (an agent loop re-sending the same user
 * message with each tool result, retries, identical questions) skip the search. Any write
 * through the proxy or a finished learning job clears it; `ttlMs` bounds staleness from writes
 * made by other processes sharing the store.
 */
export class RetrievalCache {
  private readonly entries = new Map<string, { prepared: PreparedTurn; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 1000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The cache key: settings + the latest user text (+ the conversation when a rewrite reads it). */
  key(parts: {
    userId: string;
    scope: string;
    topK: number;
    minScore: number;
    rewriteMode: string;
    withHistory: boolean;
    messages: ChatMessage[];
  }): string {
    let lastUser: ChatMessage | undefined;
    for (let index = parts.messages.length - 1; index >= 0 && !lastUser; index--)
      if (parts.messages[index]?.role === 'user') lastUser = parts.messages[index];
    const conversation = parts.withHistory
      ? parts.messages
          .filter((message) => message.role === 'user' || message.role === 'assistant')
          .map((message) => `${message.role}:${messageText(message)}`)
          .join('\n')
      : lastUser
        ? messageText(lastUser)
        : '';
    // Short texts are their own key; long ones are hashed so the cache stays small.
    const digest =
      conversation.length <= 256
        ? conversation
        : createHash('sha1').update(conversation).digest('base64url');
    return `${parts.userId}\u0000${parts.scope}\u0000${parts.topK}\u0000${parts.minScore}\u0000${parts.rewriteMode}\u0000${digest}`;
  }

  get(key: string): PreparedTurn | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (performance.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.prepared;
  }

  set(key: string, prepared: PreparedTurn): void {
    if (!this.enabled || prepared.trace.error) return;
    this.entries.delete(key);
    this.entries.set(key, { prepared, at: performance.now() });
    while (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }
}
