import { readFile } from 'node:fs/promises';
import { assertSafeUserId, type ChatMessage, type ExperienceEvent } from '@autoskill/core';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface IngestCommandOptions extends StoreOptions {
  userId: string;
  file?: string;
  hint?: string;
  json?: boolean;
}

export function registerIngest(program: Command, context: CliContext): void {
  addStoreOptions(
    program
      .command('ingest')
      .description(
        'learn from one conversation: runs extraction and maintenance and reports what was learned',
      )
      .addOption(
        new Option('--user-id <id>', 'whose skills').env('AUTOSKILL_USER_ID').default('u1'),
      )
      .option(
        '--file <file>',
        'JSON array of {role, content} messages, or {"messages": [...], "events": [...]}',
      )
      .option('--hint <text>', 'what to focus on')
      .option('--json', 'print JSON'),
  ).action(async (options: IngestCommandOptions) => {
    if (!options.file) throw new UsageError('--file is required');
    assertSafeUserId(options.userId);
    const { messages, events } = await readExperienceFile(options.file);
    const autoskill = openAutoSkill(context, options);
    try {
      const result = await autoskill.ingest({
        userId: options.userId,
        messages,
        events,
        ...(options.hint ? { hint: options.hint } : {}),
      });
      if (options.json) {
        context.json({
          added: result.added,
          merged: result.merged,
          discarded: result.discarded,
          reason: result.reason,
          ...(result.drafted ? { drafted: result.drafted } : {}),
        });
        return;
      }
      const drafted = result.drafted ?? [];
      if (result.added.length === 0 && result.merged.length === 0 && drafted.length === 0) {
        context.write(`Nothing learned: ${result.reason}\n`);
      }
      for (const skill of result.added)
        context.write(`Added ${skill.title} (${skill.id}) v${skill.version}\n`);
      for (const skill of result.merged)
        context.write(`Merged into ${skill.title} (${skill.id}) v${skill.version}\n`);
      for (const skill of drafted)
        context.write(
          `Drafted ${skill.kind === 'add' ? 'new skill' : 'next version of'} ${skill.title} v${skill.version} for review: autoskill review show ${skill.draftId} --user-id ${options.userId}\n`,
        );
    } finally {
      await autoskill.close();
    }
  });
}

export async function readExperienceFile(
  file: string,
): Promise<{ messages: ChatMessage[]; events: ExperienceEvent[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`--file ${JSON.stringify(file)} cannot be read`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--file ${JSON.stringify(file)} is not valid JSON (${(error as Error).message})`,
    );
  }
  const record = Array.isArray(data)
    ? { messages: data }
    : (data as { messages?: unknown; events?: unknown });
  if (typeof record !== 'object' || record === null)
    throw new UsageError('--file must hold a JSON array of messages or an object with "messages"');
  const messages = record.messages ?? [];
  const events = record.events ?? [];
  if (!Array.isArray(messages) || !Array.isArray(events))
    throw new UsageError('"messages" and "events" must be arrays');
  for (const [index, message] of messages.entries()) {
    if (
      typeof message !== 'object' ||
      message === null ||
      typeof (message as ChatMessage).role !== 'string'
    ) {
      throw new UsageError(`messages[${index}] must be an object with "role" and "content"`);
    }
  }
  if (messages.length === 0 && events.length === 0)
    throw new UsageError('--file holds no messages or events');
  return { messages: messages as ChatMessage[], events: events as ExperienceEvent[] };
}
