import { type ChatMessage, type ExperienceEvent, messageText } from '@autoskill/core';
import { stripPastedContent } from './strip-pasted-content';

/** One piece of user-authored text. Assistant, system and tool text is never evidence. */
export interface EvidenceText {
  text: string;
  origin: 'message' | 'event' | 'hint';
  /** A user message that answers an assistant message (feedback on that answer, maybe). */
  afterAnswer?: boolean;
}

const EVENT_EVIDENCE_KEY =
  /^(?:feedback|user_?feedback|correction|user_?correction|instruction|user_?instruction|preference|user_?preference|rule|comment|user_?comment)$/i;
const EVENT_TEXT_KEY = /^(?:text|content|message)$/;
const EVENT_FEEDBACK_TYPE = /feedback|correction|instruction|preference/i;
const EVENT_TASK_KEY = /^(?:task|goal|action|intent)$/i;

/** The last `maxWindowMessages` messages' user texts, then user feedback carried by events, then the hint. */
export function gatherEvidence(
  input: { messages?: ChatMessage[]; events?: ExperienceEvent[]; hint?: string },
  maxWindowMessages: number,
): { texts: EvidenceText[]; eventTasks: string[] } {
  const texts: EvidenceText[] = [];
  const eventTasks: string[] = [];
  let previousRole: string | undefined;
  for (const message of (input.messages ?? []).slice(-maxWindowMessages)) {
    const role = previousRole;
    previousRole = message?.role;
    if (message?.role !== 'user') continue;
    const text = stripPastedContent(messageText(message)).trim();
    if (text)
      texts.push({
        text,
        origin: 'message',
        ...(role === 'assistant' ? { afterAnswer: true } : {}),
      });
  }
  for (const event of input.events ?? []) {
    if (event === null || typeof event !== 'object') continue;
    const feedbackType = [event.type, event.kind, event.role].some(
      (value) => typeof value === 'string' && (EVENT_FEEDBACK_TYPE.test(value) || value === 'user'),
    );
    for (const [key, value] of Object.entries(event)) {
      if (typeof value !== 'string' || !value.trim()) continue;
      if (EVENT_EVIDENCE_KEY.test(key) || (feedbackType && EVENT_TEXT_KEY.test(key))) {
        texts.push({ text: value.trim(), origin: 'event' });
      } else if (EVENT_TASK_KEY.test(key)) {
        eventTasks.push(value.trim());
      }
    }
  }
  if (typeof input.hint === 'string' && input.hint.trim())
    texts.push({ text: input.hint.trim(), origin: 'hint' });
  return { texts, eventTasks };
}
