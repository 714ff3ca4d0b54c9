import type { ChatMessage } from '@autoskill/core';

/** Messages per learning window in the original (its `ingest_window`). */
export const ORIGINAL_WINDOW = 6;

/**
 * The window the original web UI learned from when a user message arrived: the last `size`
 * messages up to the previous answer, plus the new user message as feedback on it. At a
 * session's first turn that is the request alone (the original never learned there: it only
 * scheduled a job when the window held an answer; the replay runs it anyway, to count what a
 * generic first request teaches).
 */
export function originalWindow(
  history: ChatMessage[],
  user: string,
  size = ORIGINAL_WINDOW,
): ChatMessage[] {
  return [...history.slice(-size), { role: 'user', content: user }];
}
