import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { type AccessNote, accessNotes } from '../edge/access-note';

/**
 * Wraps the proxy's request listener so every request ends with one line, e.g.
 * `access method=POST route=/v1/chat/completions status=200 user=u1 ms=12.3 skills=3f2a…`
 * (logfmt: one `key=value` per field, values with spaces quoted). Written when the response
 * closes, so streams are logged with their full duration; `aborted=true` when the client left early.
 */
export function withAccessLog(
  listener: RequestListener,
  write: (line: string) => void,
): RequestListener {
  return (incoming, response) => {
    const started = performance.now();
    const note: AccessNote = {};
    accessNotes.set(incoming, note);
    response.once('close', () => write(accessLine(incoming, response, note, started)));
    listener(incoming, response);
  };
}

function accessLine(
  incoming: IncomingMessage,
  response: ServerResponse,
  note: AccessNote,
  started: number,
): string {
  const path = (incoming.url ?? '/').split('?')[0] ?? '/';
  const fields: Array<[string, string]> = [
    ['method', incoming.method ?? '-'],
    ['route', note.route ?? path],
    ['status', String(response.statusCode)],
    ['user', note.user ?? '-'],
    ['ms', (performance.now() - started).toFixed(1)],
    ['skills', note.skills?.length ? note.skills.join(',') : '-'],
  ];
  if (!response.writableFinished) fields.push(['aborted', 'true']);
  return `access ${fields.map(([key, value]) => `${key}=${logfmtValue(value)}`).join(' ')}`;
}

function logfmtValue(value: string): string {
  return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
}
