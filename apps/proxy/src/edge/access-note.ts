import type { IncomingMessage } from 'node:http';

/** What the handlers learn about a request for its access-log line (never keys or bodies). */
export interface AccessNote {
  /** The route template (`/v1/autoskill/skills/:id`), so ids and query strings stay out. */
  route?: string;
  /** The user the request acted as. */
  user?: string;
  /** Ids of the skills injected into a chat turn. */
  skills?: readonly string[];
}

/** Notes of the requests being logged (set by the access-log listener). */
export const accessNotes = new WeakMap<IncomingMessage, AccessNote>();

/** The access note of a request, when access logging is on (undefined otherwise). */
export function accessNoteOf(incoming: IncomingMessage): AccessNote | undefined {
  return accessNotes.get(incoming);
}
