/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import { render } from 'ink';
import type { ChatController } from '../controller/chat-controller';
import { ChatApp } from './chat-app';
import { themeFor } from './theme';

const BRACKETED_PASTE_ON = '\u001B[?2004h';
const BRACKETED_PASTE_OFF = '\u001B[?2004l';

/**
 * Runs the Ink app on a terminal until the user leaves, then waits briefly for running learning
 * (waiting jobs stay in the job store for the next start) and closes the store cleanly.
 */
export async function runInkApp(
  controller: ChatController,
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
): Promise<void> {
  const instance = render(
    <ChatApp controller={controller} theme={themeFor(process.env)} onExit={() => {}} />,
    // Ctrl+C is ours: the first stops an answer, a second one quits.
    { stdin, stdout, exitOnCtrlC: false, patchConsole: true, maxFps: 30 },
  );
  // A closed terminal or `kill` leaves like /exit: the running learning job ends, the store closes.
  const leave = () => {
    controller.cancel();
    controller.requestExit();
  };
  process.once('SIGTERM', leave);
  process.once('SIGHUP', leave);
  // Bracketed paste: the terminal marks pasted text, so a pasted newline never sends.
  stdout.write(BRACKETED_PASTE_ON);
  try {
    await instance.waitUntilExit();
  } finally {
    stdout.write(BRACKETED_PASTE_OFF);
    instance.cleanup();
    process.off('SIGTERM', leave);
    process.off('SIGHUP', leave);
  }
  const pending = controller.pendingJobs().length;
  if (pending) stdout.write(`Finishing ${pending} learning job(s)…\n`);
  await controller.close('leave');
  stdout.write('Bye.\n');
}
