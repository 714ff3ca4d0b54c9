import { createInterface } from 'node:readline';
import type { ChatController } from '../controller/chat-controller';
import type { TranscriptEntry } from '../controller/chat-state';

/** Where the line mode writes. */
export interface TextOutput {
  write(text: string): unknown;
}

/**
 * The chat without a terminal (`echo "…" | autoskill chat`): each input line is a message or a
 * command, answers and results are written as plain text. At the end of the input it waits for
 * the learning it started, prints what was learned, and closes the store.
 */
export async function runLineMode(
  controller: ChatController,
  input: NodeJS.ReadableStream,
  output: TextOutput,
): Promise<void> {
  let asked: string | undefined;
  const stopQuestions = controller.subscribe(() => {
    const question = controller.getState().confirmation?.question;
    if (question && question !== asked) output.write(`${question}\n`);
    asked = question;
  });
  const stop = controller.on({
    delta: (text) => output.write(text),
    entry: (entry) => {
      const text = plainEntry(entry);
      if (text !== undefined) output.write(text);
    },
  });
  try {
    await controller.start();
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    for await (const line of lines) {
      await controller.submit(line);
      if (controller.getState().exitRequested) break;
    }
    lines.close();
    await controller.settle();
  } finally {
    stop();
    stopQuestions();
    await controller.close('finish');
  }
}

/** An entry as plain lines ('' prefix-free text a script can read), or nothing to print. */
export function plainEntry(entry: TranscriptEntry): string | undefined {
  switch (entry.kind) {
    case 'user':
      return undefined;
    case 'assistant': {
      // The answer itself was written delta by delta.
      const injected = entry.injected.map(
        (hit) => `${hit.name} v${hit.version} (${hit.score.toFixed(2)})`,
      );
      return [
        entry.cancelled ? '\n[stopped]' : '',
        '\n',
        injected.length ? `[skills used: ${injected.join(', ')}]\n` : '',
      ].join('');
    }
    case 'learning':
      return `[${entry.text}]\n`;
    case 'output':
    case 'notice':
      return `${entry.text}\n`;
    case 'error':
      return `error: ${entry.text}\n`;
  }
}
