/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import { Box, Text, useInput } from 'ink';
import { type ReactNode, useRef, useState } from 'react';
import { completeInput } from '../controller/slash-commands';
import {
  type ComposerBuffer,
  caretPosition,
  deleteBackward,
  EMPTY_BUFFER,
  type InputHistory,
  insertText,
  moveHorizontally,
  moveToLineEdge,
  moveVertically,
} from './composer-buffer';
import { useTheme } from './theme';
import { windowAround } from './visible-window';

/** Bracketed paste markers as Ink passes them on (`ESC [200~` … `ESC [201~`, escape removed). */
const PASTE_START = '[200~';
const PASTE_END = '[201~';

export interface ComposerProps {
  onSubmit(text: string): void;
  history: InputHistory;
  /** Skill names for Tab completion of command arguments. */
  skillNames: readonly string[];
  /** Shown above the input (a question, paste mode). */
  label?: string | undefined;
  /** Lines of the draft shown at most (a long paste scrolls around the caret instead of growing). */
  maxLines?: number;
  isActive: boolean;
}

/**
 * The multi-line input: Enter sends; Ctrl+J, Alt+Enter or a trailing `\` then Enter adds a new
 * line; ↑/↓ move between lines, then through the history; Tab completes commands and skill names.
 * A bracketed paste (the app turns the mode on) never sends, whatever it contains; without
 * bracketing, a chunk of several characters is a paste too, unless it is one line ending in Enter
 * (what tmux and fast typists produce).
 */
export function Composer({
  onSubmit,
  history,
  skillNames,
  label,
  maxLines = 10,
  isActive,
}: ComposerProps): ReactNode {
  const theme = useTheme();
  const [buffer, setBuffer] = useState<ComposerBuffer>(EMPTY_BUFFER);
  const [candidates, setCandidates] = useState<string[]>([]);
  // Input handlers run before React re-renders: keep the latest buffer here too.
  const latest = useRef(buffer);
  // Inside a bracketed paste (the terminal marks its start and end): Enter is text, never "send".
  const pasting = useRef(false);
  const change = (next: ComposerBuffer) => {
    latest.current = next;
    setBuffer(next);
  };
  const send = (text: string) => {
    history.add(text);
    change(EMPTY_BUFFER);
    setCandidates([]);
    onSubmit(text);
  };

  useInput(
    (input, key) => {
      const current = latest.current;
      if (input === PASTE_START || input === `\u001B${PASTE_START}`) {
        pasting.current = true;
        return;
      }
      if (input === PASTE_END || input === `\u001B${PASTE_END}`) {
        pasting.current = false;
        return;
      }
      if (pasting.current) {
        if (key.return || input === '\n') return change(insertText(current, '\n'));
        if (input && !key.ctrl) change(insertText(current, input));
        return;
      }
      if (key.tab) {
        const completion = completeInput(current.text, skillNames);
        if (completion) {
          change({ text: completion.text, cursor: completion.text.length });
          setCandidates(completion.candidates.length > 1 ? completion.candidates : []);
        }
        return;
      }
      setCandidates([]);
      if (input === '\n' || (key.ctrl && input === 'j') || (key.return && key.meta)) {
        change(insertText(current, '\n'));
        return;
      }
      if (key.return) {
        if (current.text.slice(0, current.cursor).endsWith('\\')) {
          change(insertText(deleteBackward(current), '\n'));
          return;
        }
        send(current.text);
        return;
      }
      if (key.backspace || key.delete) return change(deleteBackward(current));
      if (key.leftArrow) return change(moveHorizontally(current, -1));
      if (key.rightArrow) return change(moveHorizontally(current, 1));
      if (key.upArrow || key.downArrow) {
        const direction = key.upArrow ? -1 : 1;
        const moved = moveVertically(current, direction);
        if (moved) return change(moved);
        const recalled = direction < 0 ? history.older(current.text) : history.newer();
        if (recalled !== undefined) change({ text: recalled, cursor: recalled.length });
        return;
      }
      if (key.ctrl && input === 'a') return change(moveToLineEdge(current, 'start'));
      if (key.ctrl && input === 'e') return change(moveToLineEdge(current, 'end'));
      if (key.ctrl && input === 'u') return change(EMPTY_BUFFER);
      if (key.ctrl || key.meta || key.escape || input === '') return;
      // One line typed or sent in one chunk with its Enter (`\n` when it was typed ahead, before
      // the terminal was in raw mode): send it, as a terminal would.
      const oneLine = /^[^\r\n]+[\r\n]$/.exec(input);
      if (oneLine) return send(insertText(current, input.slice(0, -1)).text);
      change(insertText(current, input));
    },
    { isActive },
  );

  const lines = renderLines(buffer);
  const { start, end } = windowAround(lines.length, caretPosition(buffer).line, maxLines);
  return (
    <Box flexDirection="column">
      {label ? <Text color={theme.warning}>{label}</Text> : null}
      {start > 0 ? <Text color={theme.muted}> ↑ {start} more line(s)</Text> : null}
      <Box flexDirection="column">
        {lines.slice(start, end).map((line, offset) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a line of the draft is its place
          <Box key={start + offset} flexDirection="row">
            <Text color={theme.accent}>{start + offset === 0 ? '› ' : '  '}</Text>
            <Text>
              {line.before}
              {isActive ? <Text inverse>{line.caret}</Text> : line.caret}
              {line.after}
            </Text>
          </Box>
        ))}
      </Box>
      {end < lines.length ? (
        <Text color={theme.muted}> ↓ {lines.length - end} more line(s)</Text>
      ) : null}
      {candidates.length ? <Text color={theme.muted}>{candidates.join('  ')}</Text> : null}
    </Box>
  );
}

/** Each line of the draft, split around the caret (only on the caret's line). */
function renderLines(
  buffer: ComposerBuffer,
): Array<{ before: string; caret: string; after: string }> {
  let offset = 0;
  return buffer.text.split('\n').map((line) => {
    const start = offset;
    offset += line.length + 1;
    if (buffer.cursor < start || buffer.cursor > start + line.length)
      return { before: line, caret: '', after: '' };
    const column = buffer.cursor - start;
    const caret = Array.from(line.slice(column))[0] ?? ' ';
    return { before: line.slice(0, column), caret, after: line.slice(column + caret.length) };
  });
}
