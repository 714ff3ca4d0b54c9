import { InvalidArgumentError, quoteForError } from '../errors/errors';

/**
 * A model's reply is not the JSON the caller asked for (no JSON found, or it failed the schema).
 * Code `INVALID_ARGUMENT` (argument `model output`); `text` holds the reply for debugging.
 */
export class InvalidJsonOutputError extends InvalidArgumentError {
  readonly text: string;
  readonly reason: string;
  constructor(reason: string, text: string, options: { cause?: unknown } = {}) {
    super('model output', `${reason} (reply: ${quoteForError(text, 120)})`, {
      cause: options.cause,
      details: { reason },
    });
    this.name = 'InvalidJsonOutputError';
    this.text = text;
    this.reason = reason;
  }
}
