/** One server-sent event. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * Incremental server-sent-events parser: feed it bytes as they arrive, get complete events.
 * Handles `\n`, `\r\n` and `\r` line ends and events split across chunks.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];

  push(chunk: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain();
  }

  /** Events left when the stream ends without a final blank line. */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    const events = this.drain();
    if (this.buffer !== '') {
      this.line(this.buffer, events);
      this.buffer = '';
    }
    if (this.data.length > 0) events.push(this.flush());
    return events;
  }

  private drain(): SseEvent[] {
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone `\r` at the end may be the first half of `\r\n`: wait for more.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line, events);
    }
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0 || this.event !== undefined) events.push(this.flush());
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }

  private flush(): SseEvent {
    const event: SseEvent = {
      data: this.data.join('\n'),
      ...(this.event === undefined ? {} : { event: this.event }),
    };
    this.data = [];
    this.event = undefined;
    return event;
  }
}

const encoder = new TextEncoder();

/** Encodes one SSE frame. */
export function sseFrame(data: string, event?: string): Uint8Array {
  return encoder.encode(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`);
}
