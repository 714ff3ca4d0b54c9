import type { ChatMessage } from '@autoskill/core';
import type { AutoSkill, ExtractionJob } from '@autoskill/sdk';
import type { ProxyConfig } from '../server/proxy-config';

const MAX_TRACKED_USERS = 10_000;

/**
 * Decides after each answered chat turn whether to learn from it, and schedules the background
 * job: the last `ingestWindow` client messages (system prompts excluded: they are the app's
 * instructions, not the user's experience) plus the answer. Scheduling never waits: the queue
 * merges consecutive turns of a conversation into one waiting job and sheds (status `dropped`)
 * when full. Created with the proxy, it starts the queue, which resumes the jobs an earlier run
 * (or a stopped process on the same store) left unfinished.
 */
export class ChatLearner {
  private readonly turns = new Map<string, number>();

  constructor(
    private readonly autoskill: AutoSkill,
    private readonly config: Pick<ProxyConfig, 'extractMode' | 'extractTurnLimit' | 'ingestWindow'>,
  ) {
    void autoskill.learning.start();
  }

  /**
   * Schedules learning for a finished turn, or returns undefined when this turn is not learned
   * from; `extractMode` is the turn's (a request may override the config's).
   */
  afterTurn(
    userId: string,
    requestMessages: ChatMessage[],
    answer: string,
    extractMode: ProxyConfig['extractMode'] = this.config.extractMode,
  ): ExtractionJob | undefined {
    const { extractTurnLimit } = this.config;
    if (extractMode === 'never' || answer.trim() === '') return undefined;
    if (extractMode === 'auto') {
      const count = (this.turns.get(userId) ?? 0) + 1;
      if (count < extractTurnLimit) {
        this.remember(userId, count);
        return undefined;
      }
      this.remember(userId, 0);
    }
    const conversation = requestMessages.filter(
      (message) => message.role !== 'system' && message.role !== 'developer',
    );
    const window = [
      ...conversation.slice(-this.config.ingestWindow),
      { role: 'assistant', content: answer },
    ];
    if (!window.some((message) => message.role === 'user')) return undefined;
    return this.autoskill.learning.schedule({ userId, messages: window }, 'auto');
  }

  /** Forgets the user's turn count (forget-user). */
  forgetUser(userId: string): void {
    this.turns.delete(userId);
  }

  private remember(userId: string, count: number): void {
    if (this.turns.size >= MAX_TRACKED_USERS && !this.turns.has(userId)) this.turns.clear();
    this.turns.set(userId, count);
  }
}
