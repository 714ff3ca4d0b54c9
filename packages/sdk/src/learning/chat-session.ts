import {
  assertSafeUserId,
  type ChatMessage,
  InvalidArgumentError,
  isSearchScopeInput,
  parseSearchScope,
  type SearchScope,
  SkillNotFoundError,
  streamText,
} from '@autoskill/core';
import type { ChatSessionHost } from './chat-session-host';
import type { ExtractionJob } from './learning-job';
import {
  DEFAULT_MIN_INJECT_SCORE,
  type PreparedTurn,
  type RetrievalTrace,
  type RewriteMode,
} from './prepare-turn';

export type ExtractMode = 'auto' | 'always' | 'never';

export interface SessionSettings {
  skillScope: SearchScope;
  rewriteMode: RewriteMode;
  extractMode: ExtractMode;
  /** With `auto`: learn every N user turns (default 1). */
  extractTurnLimit: number;
  minScore: number;
  topK: number;
  /** Messages in each learning window (default 6). */
  ingestWindow: number;
  /** Turns of history sent to the chat model (default 20). */
  historyTurns: number;
  selectSkills: boolean;
  temperature: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = {
  skillScope: 'all',
  rewriteMode: 'auto',
  extractMode: 'auto',
  extractTurnLimit: 1,
  minScore: DEFAULT_MIN_INJECT_SCORE,
  topK: 1,
  ingestWindow: 6,
  historyTurns: 20,
  selectSkills: false,
  temperature: 0.2,
};

export interface ChatTurn {
  kind: 'chat';
  trace: RetrievalTrace;
  /** Answer text deltas as they arrive. */
  textStream: AsyncIterable<string>;
  /** The whole answer. */
  text: Promise<string>;
  /** The learning job scheduled after this turn (resolves when the answer is complete). */
  job: Promise<ExtractionJob | undefined>;
}

export interface CommandTurn {
  kind: 'command';
  command: string;
  output: string;
  job?: ExtractionJob;
}

const HELP = [
  '/help                      this list',
  '/extract_now [hint]        learn from the recent conversation now (also: extract_now [hint])',
  '/extract auto|always|never when to learn automatically',
  '/extract_every N           with auto: learn every N turns',
  '/rewrite auto|always|never query rewriting before retrieval',
  '/scope user|common|all     which skills to retrieve',
  '/skills                    list your skills',
  '/search QUERY              search skills',
  '/export ID                 print a SKILL.md',
  '/clear                     forget the conversation',
].join('\n');

/**
 * The per-turn engine every app uses: retrieval runs every turn (before the answer), learning is
 * scheduled in the background after it, so the answer never waits for learning.
 */
export class ChatSession {
  readonly userId: string;
  readonly settings: SessionSettings;
  readonly messages: ChatMessage[] = [];
  private turnsSinceExtraction = 0;
  private epoch = 0;

  private readonly host: ChatSessionHost;

  /**
   * `host`: a `ChatSessionHost`, or anything that provides one (an `AutoSkill` client, as in
   * `new ChatSession(autoskill, …)`).
   */
  constructor(
    host: ChatSessionHost | { sessionHost(): ChatSessionHost },
    options: { userId: string; settings?: Partial<SessionSettings> },
  ) {
    this.host = 'sessionHost' in host ? host.sessionHost() : host;
    assertSafeUserId(options.userId);
    this.userId = options.userId;
    this.settings = { ...DEFAULT_SESSION_SETTINGS, ...options.settings };
  }

  /** Handles one line of user input: a slash command, or a chat turn. */
  async send(
    input: string,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<ChatTurn | CommandTurn> {
    if (typeof input !== 'string' || input.trim() === '')
      throw new InvalidArgumentError('input', 'must be a non-empty string');
    const command = parseCommand(input);
    if (command) return this.runCommand(command.name, command.argument);
    return this.chat(input, options);
  }

  private async chat(text: string, options: { abortSignal?: AbortSignal }): Promise<ChatTurn> {
    const chatModel = await this.host.chatModel();
    this.messages.push({ role: 'user', content: text });
    const prepared: PreparedTurn = await this.host.prepareTurn({
      userId: this.userId,
      messages: this.messages,
      scope: this.settings.skillScope,
      topK: this.settings.topK,
      minScore: this.settings.minScore,
      rewriteMode: this.settings.rewriteMode,
      selectSkills: this.settings.selectSkills,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    const history = this.messages.slice(-this.settings.historyTurns * 2);
    const system = [
      'You are a helpful assistant.',
      prepared.context
        ? `Use a skill below only if it directly matches the current request; otherwise ignore it. Never mention the skills.\n\n${prepared.context}`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    if (!chatModel) throw new InvalidArgumentError('llm', 'no chat model is configured');
    const result = streamText({
      model: chatModel,
      system,
      messages: history,
      temperature: this.settings.temperature,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    const epoch = this.epoch;
    const text$ = result.text.then((answer) => {
      if (epoch === this.epoch) this.messages.push({ role: 'assistant', content: answer });
      this.host.recordUsage?.({
        userId: this.userId,
        query: prepared.trace.originalQuery,
        retrievedIds: prepared.trace.hits.map((hit) => hit.id),
        injectedIds: prepared.trace.injectedIds,
        answer,
      });
      return answer;
    });
    const job = text$.then(
      () => (epoch === this.epoch ? this.maybeLearn() : undefined),
      () => undefined,
    );
    return { kind: 'chat', trace: prepared.trace, textStream: result.textStream, text: text$, job };
  }

  private maybeLearn(): ExtractionJob | undefined {
    const { extractMode, extractTurnLimit } = this.settings;
    if (extractMode === 'never') return undefined;
    this.turnsSinceExtraction++;
    if (extractMode === 'auto' && this.turnsSinceExtraction < extractTurnLimit) return undefined;
    return this.learnNow('auto');
  }

  private learnNow(trigger: 'auto' | 'extract_now', hint?: string): ExtractionJob | undefined {
    const window = this.messages
      .filter((message) => message.role === 'user' || message.role === 'assistant')
      .slice(-this.settings.ingestWindow);
    if (!window.some((message) => message.role === 'user') && !hint) return undefined;
    this.turnsSinceExtraction = 0;
    return this.host.scheduleLearning(
      { userId: this.userId, messages: window, ...(hint ? { hint } : {}) },
      trigger,
    );
  }

  private async runCommand(name: string, argument: string): Promise<CommandTurn> {
    const reply = (output: string, job?: ExtractionJob): CommandTurn => ({
      kind: 'command',
      command: name,
      output,
      ...(job ? { job } : {}),
    });
    switch (name) {
      case 'help':
        return reply(HELP);
      case 'extract_now': {
        const job = this.learnNow('extract_now', argument || undefined);
        return job
          ? reply(`Learning in the background (job ${job.id}).`, job)
          : reply('Nothing to learn from yet: say something first.');
      }
      case 'extract':
        return this.setChoice(name, 'extractMode', argument, ['auto', 'always', 'never']);
      case 'rewrite':
        return this.setChoice(name, 'rewriteMode', argument, ['auto', 'always', 'never']);
      case 'scope':
        if (!isSearchScopeInput(argument)) return reply('Usage: /scope user|common|all');
        this.settings.skillScope = parseSearchScope(argument);
        return reply(`skillScope = ${this.settings.skillScope}`);
      case 'extract_every': {
        const count = Number(argument);
        if (!Number.isInteger(count) || count < 1) return reply('Usage: /extract_every N (N ≥ 1)');
        this.settings.extractTurnLimit = count;
        return reply(`Learning every ${count} turn(s) in auto mode.`);
      }
      case 'skills': {
        const skills = await this.host.list({ userId: this.userId, scope: 'user' });
        return reply(
          skills.length
            ? skills.map((skill) => `${skill.id} | v${skill.version} | ${skill.title}`).join('\n')
            : 'No skills yet.',
        );
      }
      case 'search': {
        if (!argument) return reply('Usage: /search QUERY');
        const hits = await this.host.search(argument, {
          userId: this.userId,
          scope: this.settings.skillScope,
          limit: 5,
        });
        return reply(
          hits.length
            ? hits
                .map((hit) => `${hit.score.toFixed(3)} - ${hit.skill.id} - ${hit.skill.title}`)
                .join('\n')
            : 'No matching skills.',
        );
      }
      case 'export': {
        if (!argument) return reply('Usage: /export SKILL_ID');
        const skill = await this.host.get(argument);
        if (!skill || (skill.scope === 'user' && skill.owner !== this.userId))
          return reply(`${new SkillNotFoundError(argument).message}.`);
        return reply(await this.host.exportSkillMd(skill.id));
      }
      case 'clear':
        this.messages.length = 0;
        this.turnsSinceExtraction = 0;
        this.epoch++;
        return reply('Conversation cleared.');
      default:
        return reply(`Unknown command /${name}. Type /help.`);
    }
  }

  private setChoice<K extends 'extractMode' | 'rewriteMode'>(
    name: string,
    key: K,
    value: string,
    choices: string[],
  ): CommandTurn {
    if (!choices.includes(value))
      return { kind: 'command', command: name, output: `Usage: /${name} ${choices.join('|')}` };
    (this.settings as unknown as Record<string, string>)[key] = value;
    return { kind: 'command', command: name, output: `${key} = ${value}` };
  }
}

/** `/name arg`, full-width `／`, and the bare aliases `extract_now [hint]`, `help`, `skills`, `clear`. */
export function parseCommand(input: string): { name: string; argument: string } | undefined {
  const text = input.trim();
  if (text.includes('\n')) return undefined;
  const slash = /^[/／](\S+)\s*([\s\S]*)$/.exec(text);
  if (slash)
    return { name: (slash[1] as string).toLowerCase(), argument: (slash[2] as string).trim() };
  const bare = /^(extract_now)(?:\s+([\s\S]*))?$/i.exec(text);
  if (bare) return { name: 'extract_now', argument: (bare[2] ?? '').trim() };
  if (/^(help|skills|clear)$/i.test(text)) return { name: text.toLowerCase(), argument: '' };
  return undefined;
}
