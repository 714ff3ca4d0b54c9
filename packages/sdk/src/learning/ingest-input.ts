import { assertSafeUserId, InvalidArgumentError } from '@autoskill/core';
import type { IngestInput } from '../types';

/** Checks one interaction before any work: a safe user id, messages/events arrays, a string hint. */
export function validateIngestInput(input: IngestInput): void {
  if (typeof input !== 'object' || input === null)
    throw new InvalidArgumentError('input', 'must be an object');
  assertSafeUserId(input.userId);
  const messages = input.messages ?? [];
  const events = input.events ?? [];
  if (!Array.isArray(messages) || !Array.isArray(events))
    throw new InvalidArgumentError('messages', 'messages and events must be arrays');
  for (const [index, message] of messages.entries()) {
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string') {
      throw new InvalidArgumentError(
        `messages[${index}]`,
        'must be an object with a string "role" and a "content"',
      );
    }
  }
  if (messages.length === 0 && events.length === 0)
    throw new InvalidArgumentError('input', 'give messages or events to learn from');
  if (input.hint !== undefined && typeof input.hint !== 'string')
    throw new InvalidArgumentError('hint', 'must be a string');
}
