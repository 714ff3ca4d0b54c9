/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import type { TraceHit } from '@autoskill/sdk';
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { TranscriptEntry } from '../controller/chat-state';
import { Markdown } from './markdown';
import { type Theme, useTheme } from './theme';

/** One finished transcript entry (printed once into the scrollback). */
export function TranscriptEntryView({
  entry,
  width,
}: {
  entry: TranscriptEntry;
  width: number;
}): ReactNode {
  const theme = useTheme();
  switch (entry.kind) {
    case 'user':
      return (
        <Box marginTop={1}>
          <Text color={theme.user} bold>
            {'› '}
          </Text>
          <Text>{entry.text}</Text>
        </Box>
      );
    case 'assistant':
      return (
        <Box flexDirection="column">
          {entry.injected.length ? (
            <Text color={theme.muted}>⚑ {injectedLine(entry.injected)}</Text>
          ) : null}
          <Markdown text={entry.text} width={width} />
          {entry.cancelled ? <Text color={theme.warning}>[stopped]</Text> : null}
        </Box>
      );
    case 'output':
      return entry.format === 'diff' ? (
        <DiffView text={entry.text} theme={theme} />
      ) : entry.format === 'markdown' ? (
        <Markdown text={entry.text} width={width} />
      ) : (
        <Text>{entry.text}</Text>
      );
    case 'learning':
      return (
        <Text
          color={
            entry.outcome === 'learned'
              ? theme.success
              : entry.outcome === 'failed'
                ? theme.error
                : theme.muted
          }
        >
          {entry.outcome === 'learned' ? '✓ ' : '· '}
          {entry.text}
        </Text>
      );
    case 'notice':
      return <Text color={theme.warning}>{entry.text}</Text>;
    case 'error':
      return <Text color={theme.error}>error: {entry.text}</Text>;
  }
}

/** `name v0.1.1 (0.82 user)` for each injected skill. */
export function injectedLine(hits: readonly TraceHit[]): string {
  return hits
    .map((hit) => `${hit.name} v${hit.version} (${hit.score.toFixed(2)} ${hit.scope})`)
    .join(', ');
}

function DiffView({ text, theme }: { text: string; theme: Theme }): ReactNode {
  return (
    <Box flexDirection="column">
      {text.split('\n').map((line, index) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are identified by their place
          key={index}
          color={
            line.startsWith('+') && !line.startsWith('+++')
              ? theme.success
              : line.startsWith('-') && !line.startsWith('---')
                ? theme.error
                : line.startsWith('@@')
                  ? theme.accent
                  : undefined
          }
        >
          {line}
        </Text>
      ))}
    </Box>
  );
}
