/** The composer's text and caret (an index into `text`). */
export interface ComposerBuffer {
  text: string;
  cursor: number;
}

export const EMPTY_BUFFER: ComposerBuffer = { text: '', cursor: 0 };

/** Inserts text at the caret (pasted line breaks become newlines). */
export function insertText(buffer: ComposerBuffer, input: string): ComposerBuffer {
  const clean = input.replace(/\r\n?/g, '\n');
  return {
    text: buffer.text.slice(0, buffer.cursor) + clean + buffer.text.slice(buffer.cursor),
    cursor: buffer.cursor + clean.length,
  };
}

/** Deletes the character before the caret. */
export function deleteBackward(buffer: ComposerBuffer): ComposerBuffer {
  if (buffer.cursor === 0) return buffer;
  const before = Array.from(buffer.text.slice(0, buffer.cursor));
  before.pop();
  const head = before.join('');
  return { text: head + buffer.text.slice(buffer.cursor), cursor: head.length };
}

/** Moves the caret one character left or right. */
export function moveHorizontally(buffer: ComposerBuffer, direction: -1 | 1): ComposerBuffer {
  const step =
    direction < 0
      ? (Array.from(buffer.text.slice(0, buffer.cursor)).pop()?.length ?? 0)
      : (Array.from(buffer.text.slice(buffer.cursor))[0]?.length ?? 0);
  return { ...buffer, cursor: buffer.cursor + direction * step };
}

/** The caret's line and column. */
export function caretPosition(buffer: ComposerBuffer): { line: number; column: number } {
  const before = buffer.text.slice(0, buffer.cursor).split('\n');
  return { line: before.length - 1, column: (before.at(-1) ?? '').length };
}

/**
 * Moves the caret one line up or down, keeping the column where it can; undefined when it is
 * already on the first (or last) line (the composer then walks the history instead).
 */
export function moveVertically(
  buffer: ComposerBuffer,
  direction: -1 | 1,
): ComposerBuffer | undefined {
  const lines = buffer.text.split('\n');
  const { line, column } = caretPosition(buffer);
  const target = line + direction;
  if (target < 0 || target >= lines.length) return undefined;
  const offset = lines.slice(0, target).reduce((sum, text) => sum + text.length + 1, 0);
  return { ...buffer, cursor: offset + Math.min(column, (lines[target] ?? '').length) };
}

/** Moves the caret to the start or the end of its line (Ctrl+A / Ctrl+E). */
export function moveToLineEdge(buffer: ComposerBuffer, edge: 'start' | 'end'): ComposerBuffer {
  const lineStart = buffer.text.lastIndexOf('\n', buffer.cursor - 1) + 1;
  const nextBreak = buffer.text.indexOf('\n', buffer.cursor);
  const lineEnd = nextBreak === -1 ? buffer.text.length : nextBreak;
  return { ...buffer, cursor: edge === 'start' ? lineStart : lineEnd };
}

/** Input history (↑/↓): older and newer entries, with the draft kept while browsing. */
export class InputHistory {
  private readonly entries: string[] = [];
  private position: number | undefined;
  private draft = '';

  constructor(private readonly limit = 200) {}

  /** Remembers a sent input (not twice in a row). */
  add(text: string): void {
    if (text.trim() !== '' && this.entries.at(-1) !== text) this.entries.push(text);
    if (this.entries.length > this.limit) this.entries.shift();
    this.position = undefined;
  }

  /** The previous (older) entry, or undefined at the oldest. */
  older(current: string): string | undefined {
    if (this.entries.length === 0) return undefined;
    if (this.position === undefined) {
      this.draft = current;
      this.position = this.entries.length;
    }
    if (this.position === 0) return undefined;
    this.position--;
    return this.entries[this.position];
  }

  /** The next (newer) entry; past the newest, the draft typed before browsing. */
  newer(): string | undefined {
    if (this.position === undefined) return undefined;
    this.position++;
    if (this.position >= this.entries.length) {
      this.position = undefined;
      return this.draft;
    }
    return this.entries[this.position];
  }
}
