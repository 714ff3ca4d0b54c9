import { type ChatMessage, generateText, type LanguageModel, messageText } from '@autoskill/core';
import type { EvalCase } from './eval-case';

/** The user simulator's system prompt. */
export const SIMULATOR_SYSTEM_PROMPT = `You play the USER in a conversation with an AI assistant; the conversation tests whether the assistant learns this user's preferences. Write the user's next message.
- It must carry the INTENT given: every rule, preference, correction or step it states, in the same language as the intent.
- Phrase it as this user would, reacting to the assistant's last answer when there is one. Keep it short.
- Do not add requirements the intent does not state, and do not mention that this is a test.
Output only the message text.`;

/** Writes the simulated user's next message. */
export interface UserSimulator {
  readonly label: string;
  nextMessage(testCase: EvalCase, turn: number, conversation: ChatMessage[]): Promise<string>;
}

/**
 * The simulator: with a model it rephrases each scripted intent in the flow of the conversation;
 * offline (no model) it says the intent verbatim, so runs are deterministic. An empty model reply
 * falls back to the intent.
 */
export function createUserSimulator(
  model: LanguageModel | undefined,
  label: string,
): UserSimulator {
  return {
    label,
    async nextMessage(testCase, turn, conversation) {
      const intent = testCase.intents[turn] as string;
      if (!model) return intent;
      const { text } = await generateText({
        model,
        system: SIMULATOR_SYSTEM_PROMPT,
        prompt: JSON.stringify({
          intent,
          conversation: conversation.slice(-6).map((message) => ({
            role: message.role,
            content: messageText(message).slice(0, 2000),
          })),
        }),
        temperature: 0,
      });
      const message = text.trim().replace(/^["“]|["”]$/g, '');
      return message || intent;
    },
  };
}
