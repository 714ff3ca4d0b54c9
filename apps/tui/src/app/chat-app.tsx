/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import { type ReactNode, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ChatController } from '../controller/chat-controller';
import type { TranscriptEntry } from '../controller/chat-state';
import { Composer } from './composer';
import { InputHistory } from './composer-buffer';
import { LearningPanel } from './learning-panel';
import { Markdown } from './markdown';
import { SkillBrowser } from './skill-browser';
import { Banner, StatusBar } from './status-bar';
import { type Theme, ThemeContext } from './theme';
import { TranscriptEntryView } from './transcript-entry-view';
import { tailThatFits } from './visible-window';

export interface ChatAppProps {
  controller: ChatController;
  theme: Theme;
  /** Called once the user asked to leave (after /exit or a second Ctrl+C). */
  onExit(): void;
}

type StaticItem = { id: 0; kind: 'banner' } | TranscriptEntry;

/**
 * The terminal chat: finished turns go to `<Static>` (printed once, kept in the scrollback); only
 * the live answer (capped to the screen), the learning panel, the input and the status bar repaint.
 */
export function ChatApp({ controller, theme, onExit }: ChatAppProps): ReactNode {
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const history = useMemo(() => new InputHistory(), []);
  const [quitArmed, setQuitArmed] = useState(false);
  const leaving = useRef(false);

  useEffect(() => {
    // The prompt is up already; a store or provider that fails to open says so in the transcript.
    controller.start().catch((error: unknown) => controller.reportError(error));
  }, [controller]);

  useEffect(() => {
    if (!state.exitRequested || leaving.current) return;
    leaving.current = true;
    onExit();
    exit();
  }, [state.exitRequested, exit, onExit]);

  // Ink attaches a new key handler only after the frame is drawn: read what the user sees now.
  const seen = useRef({ state, quitArmed });
  seen.current = { state, quitArmed };

  useInput((input, key) => {
    const { state, quitArmed } = seen.current;
    if (key.ctrl && input === 'c') {
      if (controller.cancel()) return setQuitArmed(false);
      if (quitArmed) return controller.requestExit();
      return setQuitArmed(true);
    }
    setQuitArmed(false);
    if (key.escape && state.busy) controller.cancel();
    if (key.ctrl && input === 's' && !state.browserOpen) controller.setBrowserOpen(true);
  });

  const items: StaticItem[] = useMemo(
    () => [{ id: 0, kind: 'banner' }, ...state.entries],
    [state.entries],
  );
  const width = Math.max(20, columns - 2);
  const liveRows = Math.max(3, rows - 10);
  const label = state.confirmation
    ? state.confirmation.question
    : state.pasteLines
      ? `Paste mode (${state.pasteLines.length} line(s)): end with a line /end, /cancel aborts`
      : quitArmed
        ? 'Press Ctrl+C again to quit.'
        : undefined;

  return (
    <ThemeContext.Provider value={theme}>
      <Static items={items}>
        {(item) =>
          item.kind === 'banner' ? (
            <Banner key="banner" state={state} />
          ) : (
            <Box key={item.id} width={columns}>
              <TranscriptEntryView entry={item} width={width} />
            </Box>
          )
        }
      </Static>
      <Box flexDirection="column" width={columns}>
        {state.streaming !== undefined ? (
          <LiveAnswer text={state.streaming} rows={liveRows} width={width} />
        ) : null}
        <LearningPanel turn={state.lastTurn} jobs={state.jobs} />
        {state.browserOpen ? (
          <SkillBrowser
            controller={controller}
            height={rows - 2}
            onClose={() => controller.setBrowserOpen(false)}
          />
        ) : (
          <Composer
            onSubmit={(text) => void controller.submit(text)}
            history={history}
            skillNames={state.skillNames}
            label={label}
            maxLines={Math.max(3, rows - 12)}
            isActive={!state.browserOpen}
          />
        )}
        <StatusBar state={state} />
      </Box>
    </ThemeContext.Provider>
  );
}

/** The answer streaming now: its last lines only, so the live region never outgrows the screen. */
function LiveAnswer({
  text,
  rows,
  width,
}: {
  text: string;
  rows: number;
  width: number;
}): ReactNode {
  const { shown, hidden } = tailThatFits(text.split('\n'), rows, width);
  return (
    <Box flexDirection="column">
      {hidden ? <Text dimColor>… {hidden} line(s) above, shown when the answer ends</Text> : null}
      <Markdown text={shown.join('\n') || ' '} width={width} />
    </Box>
  );
}

/** The terminal's size, updated on resize. */
function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read depends on stdout only
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
