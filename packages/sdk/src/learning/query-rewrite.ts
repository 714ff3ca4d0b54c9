import {
  type ChatMessage,
  generateText,
  type LanguageModel,
  messageText,
  truncateTextTail,
} from '@autoskill/core';
import { contentTokens } from '@autoskill/core/internal';

/** `always`: rewrite every follow-up; `auto`: only follow-ups that lean on earlier turns; `never`. */
export type RewriteMode = 'always' | 'auto' | 'never';

/** Words that point back at earlier turns ("make it shorter", "把它改成…"). */
const FOLLOW_UP =
  /\b(it|that|this|these|those|them|same|again|above|previous|instead|also|more|shorter|longer)\b|[它这那此该再]/i;

/** The user and assistant turns before the latest user message (system prompts are not history). */
export function conversationBefore(
  messages: ChatMessage[],
  latestUser: ChatMessage,
): ChatMessage[] {
  return messages
    .slice(0, messages.lastIndexOf(latestUser))
    .filter((message) => message.role === 'user' || message.role === 'assistant');
}

/**
 * Whether the query is rewritten before searching. Never without earlier user/assistant turns: a
 * lone system prompt is configuration, not conversation. `auto` rewrites only follow-ups that
 * depend on those turns — short, or pointing back — since a self-contained request searches
 * better as written and a rewrite is a blocking model call.
 */
export function shouldRewrite(mode: RewriteMode, query: string, history: ChatMessage[]): boolean {
  if (mode === 'never' || history.length === 0) return false;
  if (mode === 'always') return true;
  const words = query.split(/\s+/).filter(Boolean).length;
  const hanOnly = /\p{Script=Han}/u.test(query) && words <= 2;
  return (hanOnly ? [...query].length <= 12 : words <= 6) || FOLLOW_UP.test(query);
}

/** A rewrite the search may use, or why it was discarded. */
export type RewriteVerdict = { query: string } | { discarded: string };

// What models say instead of a query: a refusal, a chat reply, a remark about skills or searching.
const NOT_A_QUERY =
  /^(?:(?:sure|ok|okay|here is|here's|i'm|as an|sorry|certainly)\b|好的|当然|抱歉|none$)|\bno skills?\b|\bnot needed\b|plain answer|search query|\bn\/a\b|无需|不需要/i;

/**
 * Keeps a rewrite only when it looks like a search query about this conversation: one line, not
 * much longer than what it replaces, not a chat reply or a remark about skills, and sharing at
 * least one content word with the query or the conversation. Otherwise the original query is
 * searched and the trace says why.
 */
export function judgeRewrite(
  rewrite: string,
  query: string,
  history: ChatMessage[],
): RewriteVerdict {
  const text = rewrite.trim();
  if (!text) return { discarded: 'the model returned an empty rewrite' };
  if (/\n/.test(text)) return { discarded: 'the rewrite has several lines' };
  if (NOT_A_QUERY.test(text)) return { discarded: `"${text}" is not a search query` };
  if (text.length > Math.max(200, query.length * 3))
    return { discarded: 'the rewrite is much longer than the query' };
  const known = new Set(
    contentTokens([query, ...history.map((message) => messageText(message))].join('\n')),
  );
  if (!contentTokens(text).some((token) => known.has(token)))
    return { discarded: `"${text}" shares no word with the conversation` };
  return { query: text };
}

/** Asks the model for one search query for the latest user message, in the user's language. */
export async function rewriteQuery(
  model: LanguageModel,
  query: string,
  history: ChatMessage[],
  abortSignal?: AbortSignal,
): Promise<string> {
  const transcript = history
    .slice(-12)
    .map(
      (message) =>
        `${message.role === 'user' ? 'User' : 'Assistant'}: ${truncateTextTail(messageText(message), 200)}`,
    )
    .join('\n');
  const { text } = await generateText({
    model,
    system:
      'You turn the latest user message into one search query for a library of reusable skills. Keep the topic (domain, deliverable, operation) and the constraints that matter for choosing a skill; resolve pronouns from the conversation; if the topic changed, use only the new topic. Same language as the user. Output the query only, one line.',
    prompt: `Conversation:\n${truncateTextTail(transcript, 2000)}\n\nLatest user message:\n${query}`,
    temperature: 0,
    maxTokens: 120,
    ...(abortSignal ? { abortSignal } : {}),
  });
  return text
    .replace(/^[`"'\s]+|[`"'\s]+$/g, '')
    .replace(/^(rewritten (search )?query|search query|query)\s*:\s*/i, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}
