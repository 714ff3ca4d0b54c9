import { suggestCommand } from './slash-commands';

/** What an unknown command answers: that it is unknown, and the closest command if one is near. */
export function unknownCommand(name: string): string {
  const suggestion = suggestCommand(name);
  return `Unknown command /${name}.${suggestion ? ` Did you mean /${suggestion}?` : ''} Type /help for the list.`;
}

/** An error as one message for the transcript. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One line inside `/paste`: `/cancel` drops the block, `/end` sends it (unless it is empty), any
 * other line is kept as typed.
 */
export function pasteStep(
  lines: readonly string[],
  line: string,
):
  | { kind: 'keep'; lines: string[] }
  | { kind: 'cancel' }
  | { kind: 'send'; message: string }
  | { kind: 'empty' } {
  const command = line.trim().toLowerCase();
  if (command === '/cancel') return { kind: 'cancel' };
  if (command !== '/end') return { kind: 'keep', lines: [...lines, line] };
  const message = lines.join('\n');
  return message.trim() === '' ? { kind: 'empty' } : { kind: 'send', message };
}
