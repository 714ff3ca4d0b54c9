/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { ChatState } from '../controller/chat-state';
import { useTheme } from './theme';

/** One line under the input: model, skills, pending learning, scope, modes, user. */
export function StatusBar({ state }: { state: ChatState }): ReactNode {
  const theme = useTheme();
  const { settings } = state;
  const pending = state.jobs.filter(
    (job) => job.status === 'scheduled' || job.status === 'running',
  ).length;
  // Most important first: at 80 columns the tail is cut.
  const parts = [
    state.modelLabel,
    `${state.skillCount} skill${state.skillCount === 1 ? '' : 's'}`,
    `${pending} learning`,
    `scope ${settings.skillScope}`,
    `extract ${settings.extractMode}${settings.extractMode === 'auto' && settings.extractTurnLimit > 1 ? `/${settings.extractTurnLimit}` : ''}`,
    `rewrite ${settings.rewriteMode}`,
    `user ${state.userId}`,
  ];
  return (
    <Box>
      <Text color={theme.muted} wrap="truncate-end">
        {parts.join(' · ')}
      </Text>
    </Box>
  );
}

/** The first lines of the session: what the app is and where it stores skills. */
export function Banner({ state }: { state: ChatState }): ReactNode {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent}>
        AutoSkill chat
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        store {state.storeDir} · user {state.userId} · Enter sends, Ctrl+J new line, /help for
        commands
      </Text>
    </Box>
  );
}
