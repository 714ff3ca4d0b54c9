/** A content part of a chat message, OpenAI-style. Unknown part types are kept as they are. */
export interface ChatContentPart {
  type: string;
  text?: string;
  [key: string]: unknown;
}

/** A chat message as OpenAI-compatible clients send it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer' | (string & {});
  content: string | ChatContentPart[] | null;
  name?: string;
  [key: string]: unknown;
}

/** A behaviour or event record (a tool call, a UI action, an outcome). Free-form JSON. */
export type ExperienceEvent = Record<string, unknown>;

/** What the learning loop learns from. */
export interface Experience {
  userId: string;
  messages?: ChatMessage[];
  events?: ExperienceEvent[];
  /** A user hint on what to learn ("remember the citation rule"). */
  hint?: string;
}

/** The plain text of a message's content (text parts joined). */
export function messageText(message: Pick<ChatMessage, 'content'>): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (typeof part?.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}
