/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import type { ExtractionJob } from '@autoskill/sdk';
import { Box, Text } from 'ink';
import { type ReactNode, useEffect, useState } from 'react';
import type { TurnSummary } from '../controller/chat-state';
import { jobLabel } from '../controller/job-label';
import { useTheme } from './theme';
import { injectedLine } from './transcript-entry-view';

/**
 * What the last turn injected (and skipped, with why) and what learning is doing now. Reads
 * state only: it never takes the keyboard, so typing goes on while jobs run.
 */
export function LearningPanel({
  turn,
  jobs,
}: {
  turn: TurnSummary | undefined;
  jobs: readonly ExtractionJob[];
}): ReactNode {
  const theme = useTheme();
  const running = jobs.some((job) => job.status === 'running' || job.status === 'scheduled');
  const now = useClock(running);
  if (!turn && jobs.length === 0) return null;
  const latest = jobs.at(-1);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.muted} paddingX={1}>
      {turn ? (
        <Text wrap="truncate-end">
          <Text color={theme.accent}>Injected: </Text>
          {turn.injected.length ? injectedLine(turn.injected) : 'none'}
        </Text>
      ) : null}
      {turn?.skipped.length ? (
        <Text wrap="truncate-end" color={theme.muted}>
          Skipped:{' '}
          {turn.skipped.map((hit) => `${hit.name} v${hit.version} (${hit.reason})`).join('; ')}
        </Text>
      ) : null}
      {turn?.error ? <Text color={theme.error}>Retrieval failed: {turn.error}</Text> : null}
      {latest ? (
        <Text wrap="truncate-end">
          <Text color={theme.accent}>Learning: </Text>
          job {latest.id.slice(0, 8)} {jobLabel(latest, now)}
          {jobs.length > 1 ? <Text color={theme.muted}> · {jobs.length - 1} earlier</Text> : null}
        </Text>
      ) : null}
    </Box>
  );
}

/** The time, ticking every second while `active` (for "running 3s"). */
function useClock(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? now : Date.now();
}
