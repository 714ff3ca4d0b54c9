import {
  type AutoSkill,
  type ChatSession,
  type ExtractionJob,
  parseCommand,
  type SessionSettings,
} from '@autoskill/sdk';
import {
  type ChatState,
  type EntryContent,
  initialChatState,
  type TranscriptEntry,
  type TurnSummary,
} from './chat-state';
import { errorText, pasteStep, unknownCommand } from './command-text';
import { FrameThrottle } from './frame-throttle';
import { jobLabel } from './job-label';
import { LearningTracker } from './learning-tracker';
import { readMessageFile } from './read-message-file';
import {
  type CommandOutput,
  describeSettings,
  diffSkill,
  exportSkill,
  listSkills,
  planRollback,
  type SkillCommandContext,
  searchSkills,
  skillVersions,
  visibleSkills,
  writeSkills,
} from './skill-commands';
import { helpText } from './slash-commands';

/** Commands the chat session engine runs itself (the proxy and the web studio share them). */
const SESSION_COMMANDS = new Set(['extract', 'extract_every', 'extract_now', 'rewrite', 'scope']);

export interface ChatControllerOptions {
  autoskill: AutoSkill;
  userId: string;
  settings?: Partial<SessionSettings>;
  storeDir: string;
  /** Where `/file` and `/write` paths are relative to. */
  cwd?: string;
  /** The interactive app has a skill browser; the line mode prints lists instead. */
  interactive?: boolean;
}

/** Printed as they happen, for the plain line mode. */
export interface ChatEvents {
  entry(entry: TranscriptEntry): void;
  delta(text: string): void;
}

/**
 * One terminal chat: the SDK's `ChatSession` (retrieval every turn, background learning, the
 * shared slash commands) plus the terminal's own commands, the learning panel's job tracking and
 * the state the screen draws. The Ink app and the line mode both drive it.
 */
export class ChatController {
  readonly autoskill: AutoSkill;
  readonly session: ChatSession;
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<Partial<ChatEvents>>();
  private readonly learning: LearningTracker;
  private readonly cwd: string;
  private readonly interactive: boolean;
  private nextId = 1;
  private abort: AbortController | undefined;
  private confirmAction: (() => Promise<void>) | undefined;
  private readonly streaming = new FrameThrottle<string>((text) => {
    if (this.state.busy) this.update({ streaming: text });
  });

  constructor(options: ChatControllerOptions) {
    this.autoskill = options.autoskill;
    this.session = options.autoskill.createSession({
      userId: options.userId,
      ...(options.settings ? { settings: options.settings } : {}),
    });
    this.cwd = options.cwd ?? process.cwd();
    this.interactive = options.interactive ?? false;
    this.state = initialChatState({
      settings: { ...this.session.settings },
      storeDir: options.storeDir,
      userId: options.userId,
    });
    this.learning = new LearningTracker(this.autoskill.learning, {
      changed: (jobs) => this.update({ jobs }),
      finished: (job) => this.onJobFinished(job),
    });
  }

  /** The current screen state (a new object after every change). */
  getState = (): ChatState => this.state;

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Entries and answer deltas as they happen (the line mode prints them). */
  on(events: Partial<ChatEvents>): () => void {
    this.eventListeners.add(events);
    return () => this.eventListeners.delete(events);
  }

  /** Loads what the status bar shows (model, skill count); the prompt is usable before it ends. */
  async start(): Promise<void> {
    const model = await this.autoskill.sessionHost().chatModel();
    this.update({
      modelLabel:
        !model || model.provider === 'mock' ? 'offline' : `${model.provider}:${model.modelId}`,
    });
    await this.refreshSkills();
  }

  /** Handles one submitted input: an answer to a question, a paste line, a command or a chat turn. */
  async submit(raw: string): Promise<void> {
    const text = raw.replace(/\r\n?/g, '\n');
    if (this.state.confirmation) return this.answerConfirmation(text);
    if (this.state.pasteLines) return this.collectPaste(text);
    if (text.trim() === '') return;
    const command = /^(exit|quit)$/i.test(text.trim())
      ? { name: text.trim().toLowerCase(), argument: '' }
      : parseCommand(text);
    if (command) return this.runCommand(command.name, command.argument, text.trim());
    return this.chat(text, text);
  }

  /** Stops the answer streaming now (its partial text is kept). True when there was one. */
  cancel(): boolean {
    if (!this.abort) return false;
    this.abort.abort();
    return true;
  }

  /** Shows an error that happened outside a command (the start, a background refresh). */
  reportError(error: unknown): void {
    this.add({ kind: 'error', text: errorText(error) });
  }

  /** Asks the app to leave (as `/exit`). */
  requestExit(): void {
    this.update({ exitRequested: true });
  }

  /** Shows or hides the skill browser. */
  setBrowserOpen(open: boolean): void {
    this.update({ browserOpen: open });
    if (open) void this.refreshSkills();
  }

  /** Learning jobs of this session that have not finished. */
  pendingJobs(): ExtractionJob[] {
    return this.learning.pending();
  }

  /** Waits until every learning job this session started has finished (the line mode's end). */
  settle(): Promise<void> {
    return this.learning.settle();
  }

  /**
   * Leaves: stops an answer, waits for running learning jobs (`finish` also runs the waiting
   * ones; `leave` keeps them in the job store for the next start) and closes the store cleanly.
   */
  async close(learning: 'finish' | 'leave' = 'leave'): Promise<void> {
    this.cancel();
    this.streaming.cancel();
    await this.autoskill.close({ learning });
    this.learning.stop();
  }

  /** The skill commands' view of this session. */
  skillContext(): SkillCommandContext {
    return {
      autoskill: this.autoskill,
      userId: this.session.userId,
      settings: this.session.settings,
      cwd: this.cwd,
    };
  }

  /** Re-reads the skill count and names (after learning, a rollback, a scope change). */
  async refreshSkills(): Promise<void> {
    const skills = await visibleSkills(this.skillContext()).catch(() => undefined);
    if (!skills) return;
    this.update({
      skillCount: skills.length,
      skillNames: [...new Set(skills.map((skill) => skill.name))].sort(),
    });
  }

  private async chat(text: string, shown: string): Promise<void> {
    if (this.state.busy) {
      this.add({ kind: 'notice', text: 'Still answering: wait, or press Ctrl+C to stop it.' });
      return;
    }
    this.add({ kind: 'user', text: shown });
    const abort = new AbortController();
    this.abort = abort;
    this.update({ busy: true, streaming: '' });
    let answer = '';
    let summary: TurnSummary | undefined;
    try {
      const turn = await this.session.send(text, { abortSignal: abort.signal });
      if (turn.kind !== 'chat') throw new Error('expected a chat turn');
      turn.text.catch(() => {});
      summary = {
        query: turn.trace.searchQuery,
        injected: turn.trace.hits.filter((hit) => hit.injected),
        skipped: turn.trace.hits.filter((hit) => !hit.injected),
        ...(turn.trace.error ? { error: turn.trace.error } : {}),
      };
      this.update({ lastTurn: summary });
      for await (const delta of turn.textStream) {
        answer += delta;
        this.emit('delta', delta);
        this.streaming.push(answer);
      }
      await turn.text;
      this.finishAnswer(answer, summary, false);
      const job = await turn.job;
      if (job) this.learning.track(job);
    } catch (error) {
      if (abort.signal.aborted) this.finishAnswer(answer, summary, true);
      else {
        this.finishAnswer(undefined, summary, false);
        this.add({ kind: 'error', text: errorText(error) });
      }
    } finally {
      this.abort = undefined;
    }
  }

  private finishAnswer(
    answer: string | undefined,
    summary: TurnSummary | undefined,
    cancelled: boolean,
  ) {
    this.streaming.cancel();
    if (answer !== undefined && (answer !== '' || cancelled))
      this.add({ kind: 'assistant', text: answer, injected: summary?.injected ?? [], cancelled });
    this.update({ busy: false, streaming: undefined });
  }

  private async runCommand(name: string, argument: string, line: string): Promise<void> {
    try {
      const output = await this.commandOutput(name, argument, line);
      if (output)
        this.add({
          kind: 'output',
          command: name,
          text: output.text,
          format: output.format ?? 'plain',
        });
    } catch (error) {
      this.add({ kind: 'error', text: errorText(error) });
    }
  }

  private async commandOutput(
    name: string,
    argument: string,
    line: string,
  ): Promise<CommandOutput | undefined> {
    const context = this.skillContext();
    switch (name) {
      case 'help':
        return { text: helpText() };
      case 'exit':
      case 'quit':
        this.requestExit();
        return undefined;
      case 'clear':
        await this.session.send('/clear');
        this.update({ lastTurn: undefined });
        return { text: 'Conversation cleared.' };
      case 'paste':
        this.update({ pasteLines: [] });
        return { text: 'Paste mode: end with a line /end (or /cancel).' };
      case 'file':
        return this.sendFile(argument);
      case 'skills':
        if (this.interactive) {
          this.setBrowserOpen(true);
          return undefined;
        }
        return listSkills(context);
      case 'search':
        return searchSkills(context, argument);
      case 'export':
        return exportSkill(context, argument);
      case 'write':
        return writeSkills(context, argument);
      case 'versions':
        return skillVersions(context, argument);
      case 'diff':
        return diffSkill(context, argument);
      case 'rollback':
        return this.askRollback(argument);
      case 'settings':
        return describeSettings(context, {
          storeDir: this.state.storeDir,
          modelLabel: this.state.modelLabel,
        });
      default:
        if (SESSION_COMMANDS.has(name)) return this.sessionCommand(line);
        return { text: unknownCommand(name) };
    }
  }

  private async sessionCommand(line: string): Promise<CommandOutput> {
    const turn = await this.session.send(
      line.startsWith('/') || line.startsWith('／') ? line : `/${line}`,
    );
    if (turn.kind !== 'command') throw new Error('expected a command');
    if (turn.job) this.learning.track(turn.job);
    this.update({ settings: { ...this.session.settings } });
    if (turn.command === 'scope') void this.refreshSkills();
    return { text: turn.output };
  }

  private async sendFile(path: string): Promise<CommandOutput | undefined> {
    if (!path) return { text: 'Usage: /file PATH' };
    const file = await readMessageFile(path, this.cwd);
    void this.chat(
      file.text,
      `[file ${path}: ${file.bytes} bytes${file.truncated ? ', truncated' : ''}]`,
    );
    return undefined;
  }

  private async askRollback(argument: string): Promise<CommandOutput | undefined> {
    const plan = await planRollback(this.skillContext(), argument);
    if ('problem' in plan) return { text: plan.problem };
    return this.confirm(
      `Roll back "${plan.skill.name}" from v${plan.skill.version} to v${plan.toVersion}? (y/N)`,
      async () => {
        const restored = await this.autoskill.rollback(plan.skill.id, {
          userId: this.session.userId,
          toVersion: plan.toVersion,
        });
        this.add({
          kind: 'output',
          command: 'rollback',
          text: `Rolled back "${restored.name}" to v${restored.version} (revision ${restored.revision}; history kept).`,
          format: 'plain',
        });
        await this.refreshSkills();
      },
    );
  }

  /** Asks a yes/no question; the next input answers it. */
  confirm(question: string, action: () => Promise<void>): undefined {
    this.confirmAction = action;
    this.update({ confirmation: { question } });
    return undefined;
  }

  private async answerConfirmation(text: string): Promise<void> {
    const action = this.confirmAction;
    this.confirmAction = undefined;
    const question = this.state.confirmation?.question ?? '';
    this.update({ confirmation: undefined });
    if (!action || !/^\s*y(es)?\s*$/i.test(text)) {
      this.add({ kind: 'notice', text: `Cancelled: ${question.replace(/\s*\(y\/N\)$/, '')}` });
      return;
    }
    try {
      await action();
    } catch (error) {
      this.add({ kind: 'error', text: errorText(error) });
    }
  }

  private async collectPaste(text: string): Promise<void> {
    const step = pasteStep(this.state.pasteLines ?? [], text);
    this.update({ pasteLines: step.kind === 'keep' ? step.lines : undefined });
    if (step.kind === 'cancel') this.add({ kind: 'notice', text: 'Paste cancelled.' });
    if (step.kind === 'empty') this.add({ kind: 'notice', text: 'Nothing pasted.' });
    if (step.kind === 'send') await this.chat(step.message, step.message);
  }

  private onJobFinished(job: ExtractionJob): void {
    const learned = (job.result?.added.length ?? 0) + (job.result?.merged.length ?? 0) > 0;
    this.add({
      kind: 'learning',
      text: `learning: ${jobLabel(job)}`,
      outcome: job.status !== 'completed' ? 'failed' : learned ? 'learned' : 'nothing',
    });
    if (learned) void this.refreshSkills();
  }

  private add(entry: EntryContent): void {
    const full: TranscriptEntry = { ...entry, id: this.nextId++ };
    this.update({ entries: [...this.state.entries, full] });
    this.emit('entry', full);
  }

  private emit<K extends keyof ChatEvents>(event: K, value: Parameters<ChatEvents[K]>[0]): void {
    for (const listener of this.eventListeners)
      (listener[event] as ((value: unknown) => void) | undefined)?.(value);
  }

  private update(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
