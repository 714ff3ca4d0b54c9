import type { ChatMessage } from '@autoskill/core';
import type { AutoSkill, ChatSession, ExtractionJob } from '@autoskill/sdk';

/** An answer, with the skills injected for it and the learning job scheduled after it. */
export interface AssistantReply {
  answer: string;
  injectedIds: string[];
  jobId?: string;
}

/** The assistant under evaluation: AutoSkill in this process, or a running proxy. */
export interface EvalAssistant {
  readonly label: string;
  /** One training turn: `conversation` ends with the new user message; learning follows the answer. */
  train(userId: string, conversation: ChatMessage[]): Promise<AssistantReply>;
  /** Waits until the user's learning jobs finished; the skill ids they added or merged. */
  settle(userId: string): Promise<string[]>;
  /** Asks `query` in a new conversation (not learned from when the assistant allows it). */
  ask(userId: string, query: string): Promise<AssistantReply>;
  close(): Promise<void>;
}

/**
 * The SDK in this process: each user trains in one `ChatSession` (retrieval every turn, learning
 * scheduled after each answer, as in the chat apps); queries go to a new session that does not
 * learn.
 */
export class InProcessAssistant implements EvalAssistant {
  private readonly sessions = new Map<string, ChatSession>();
  private readonly jobs = new Map<string, string[]>();

  constructor(
    private readonly client: AutoSkill,
    readonly label: string,
  ) {}

  async train(userId: string, conversation: ChatMessage[]): Promise<AssistantReply> {
    let session = this.sessions.get(userId);
    if (!session) {
      session = this.client.createSession({ userId });
      this.sessions.set(userId, session);
    }
    const last = conversation.at(-1);
    const reply = await this.send(session, typeof last?.content === 'string' ? last.content : '');
    if (reply.jobId) this.jobs.set(userId, [...(this.jobs.get(userId) ?? []), reply.jobId]);
    return reply;
  }

  async settle(userId: string): Promise<string[]> {
    const learned = new Set<string>();
    for (const id of this.jobs.get(userId) ?? []) {
      const job: ExtractionJob = await this.client.learning.waitFor(id);
      for (const skill of [...(job.result?.added ?? []), ...(job.result?.merged ?? [])])
        learned.add(skill.id);
    }
    return [...learned];
  }

  ask(userId: string, query: string): Promise<AssistantReply> {
    const session = this.client.createSession({ userId, settings: { extractMode: 'never' } });
    return this.send(session, query);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async send(session: ChatSession, text: string): Promise<AssistantReply> {
    const turn = await session.send(text);
    if (turn.kind !== 'chat')
      throw new Error(`the message ${JSON.stringify(text.slice(0, 40))} is a slash command`);
    const answer = await turn.text;
    const job = await turn.job;
    return { answer, injectedIds: turn.trace.injectedIds, ...(job ? { jobId: job.id } : {}) };
  }
}
