import type { ExtractionJob, SessionSettings, TraceHit } from '@autoskill/sdk';

/** How an entry's text is shown: Markdown (answers), plain (listings, SKILL.md) or a diff. */
export type EntryFormat = 'markdown' | 'plain' | 'diff';

/** What one finished item of the transcript says. */
export type EntryContent =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string; injected: TraceHit[]; cancelled: boolean }
  | { kind: 'output'; command: string; text: string; format: EntryFormat }
  | { kind: 'learning'; text: string; outcome: 'learned' | 'nothing' | 'failed' }
  | { kind: 'notice'; text: string }
  | { kind: 'error'; text: string };

/** One finished item of the transcript (printed once, kept in the scrollback). */
export type TranscriptEntry = EntryContent & { id: number };

/** What retrieval did for the latest chat turn. */
export interface TurnSummary {
  query: string;
  injected: TraceHit[];
  skipped: TraceHit[];
  error?: string;
}

/** A question the next input answers (`y` confirms). */
export interface PendingConfirmation {
  question: string;
}

/** Everything the screen shows; a new object on every change (for React's external store). */
export interface ChatState {
  entries: TranscriptEntry[];
  /** The answer streaming now, or undefined. */
  streaming: string | undefined;
  busy: boolean;
  /** Inside `/paste`: lines collected so far. */
  pasteLines: string[] | undefined;
  confirmation: PendingConfirmation | undefined;
  lastTurn: TurnSummary | undefined;
  /** This session's recent learning jobs, oldest first. */
  jobs: ExtractionJob[];
  skillCount: number;
  /** Names of the skills the user can see, for completion and the browser. */
  skillNames: string[];
  settings: SessionSettings;
  modelLabel: string;
  storeDir: string;
  userId: string;
  /** Set by `/skills` (or a key) in the interactive app: show the skill browser. */
  browserOpen: boolean;
  /** Set by `/exit`: the app should leave. */
  exitRequested: boolean;
}

/** The state before anything happened. */
export function initialChatState(
  start: Pick<ChatState, 'settings' | 'storeDir' | 'userId'>,
): ChatState {
  return {
    entries: [],
    streaming: undefined,
    busy: false,
    pasteLines: undefined,
    confirmation: undefined,
    lastTurn: undefined,
    jobs: [],
    skillCount: 0,
    skillNames: [],
    modelLabel: 'starting…',
    browserOpen: false,
    exitRequested: false,
    ...start,
  };
}
