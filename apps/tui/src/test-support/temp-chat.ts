import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill, type AutoSkillConfig } from '@autoskill/sdk';
import { ChatController, type ChatControllerOptions } from '../controller/chat-controller';

/** A chat on a throwaway store with the offline defaults; `dispose` closes and deletes it. */
export async function tempChat(
  options: { config?: Partial<AutoSkillConfig>; controller?: Partial<ChatControllerOptions> } = {},
): Promise<{ controller: ChatController; directory: string; dispose(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'autoskill-tui-'));
  const autoskill = new AutoSkill({
    storeDir: join(directory, 'Skills'),
    logger: 'silent',
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    env: {},
    ...options.config,
  });
  const controller = new ChatController({
    autoskill,
    userId: 'u1',
    storeDir: join(directory, 'Skills'),
    cwd: directory,
    ...options.controller,
  });
  return {
    controller,
    directory,
    dispose: async () => {
      await controller.close('finish').catch(() => {});
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Polls until `read()` satisfies `check` (what a user would wait to see), or fails with the last value. */
export async function eventually<T>(
  read: () => T,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value:\n${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const CONSTRAINT =
  'From now on, when you write reports for me: always cite a source for every number and never exceed 500 words.';
export const FEEDBACK =
  'Also, always add an executive summary at the top of the report, and keep it under two pages.';
