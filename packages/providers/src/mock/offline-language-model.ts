import { type LanguageModel, type LanguageModelCallOptions, messageText } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';

/** Prefix of every offline reply; extraction skips assistant messages that start with it. */
export const OFFLINE_REPLY_PREFIX = 'Offline mode:';

const SKILLS_HEADER = '## AutoSkill Skills';
const SKILL_TITLE = /^### (.+?) \(v[^)\n]*\)[ \t]*$/gm;
const MAX_ECHO_CHARACTERS = 160;

/**
 * The `mock` provider's chat model: no key, no network, deterministic. It answers with a short
 * acknowledgement that names the skills injected into the system prompt (so the CLI, proxy and
 * web app can be tried offline and show what retrieval did). JSON requests get `{"skills": []}`,
 * which extraction and maintenance read as "nothing to do".
 */
export function createOfflineLanguageModel(options: { modelId?: string } = {}): LanguageModel {
  return new MockLanguageModel({
    provider: 'mock',
    modelId: options.modelId ?? 'offline',
    chunkSize: 12,
    responses: ({ options: call }) => offlineReply(call),
  });
}

/** The reply `createOfflineLanguageModel` gives for a call (exported for tests and docs). */
export function offlineReply(call: LanguageModelCallOptions): string {
  if (call.responseFormat?.type === 'json') return '{"skills": []}';
  const systemText = [
    call.system ?? '',
    ...call.messages.filter((message) => message.role === 'system').map(messageText),
  ].join('\n');
  const titles = skillTitles(systemText);
  const lastUser = [...call.messages].reverse().find((message) => message.role === 'user');
  const said = lastUser ? messageText(lastUser).replace(/\s+/g, ' ').trim() : '';
  const echo =
    Array.from(said).length > MAX_ECHO_CHARACTERS
      ? `${Array.from(said).slice(0, MAX_ECHO_CHARACTERS).join('')}…`
      : said;
  const parts = [
    `${OFFLINE_REPLY_PREFIX} no chat model is configured, so this is an automatic reply.`,
  ];
  if (echo !== '') parts.push(`You said: "${echo}".`);
  parts.push(
    titles.length > 0
      ? `Skills in context: ${titles.join('; ')}.`
      : 'No skills were injected for this message.',
  );
  parts.push('Set an API key (for example OPENAI_API_KEY) or --llm-provider to get real answers.');
  return parts.join(' ');
}

function skillTitles(systemText: string): string[] {
  const start = systemText.indexOf(SKILLS_HEADER);
  if (start < 0) return [];
  const titles: string[] = [];
  for (const match of systemText.slice(start).matchAll(SKILL_TITLE)) {
    const title = match[1]?.trim();
    if (title && !titles.includes(title)) titles.push(title);
  }
  return titles;
}
