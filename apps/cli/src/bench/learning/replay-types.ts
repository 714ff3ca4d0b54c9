/** What the reference says about one turn: learned there, learned nothing there, or not known. */
export type ExpectedOutcome = 'learned' | 'not-learned' | 'unknown';

/** One user turn with the answer it got, as recorded (sessions) or written (scenarios). */
export interface ReplayTurn {
  id: string;
  user: string;
  /** The recorded answer ('' when none). */
  assistant: string;
  /**
   * Sessions: what the original learned here (`learned` only where its trace has an upsert).
   * Scenarios: the hand-written label.
   */
  expected: ExpectedOutcome;
  /** Sessions: the ids the original upserted at this turn. */
  expectedSkillIds: string[];
}

/** One conversation. Its first request is asked again after it to test retrieval. */
export interface ReplaySession {
  id: string;
  title: string;
  turns: ReplayTurn[];
  /** The request asked again after the session (default: the first user turn). */
  probe?: string;
  /** Scenarios: what kind of learning the scenario is about. */
  kind?: string;
  language?: string;
}

/** Sessions that share one fresh store: one user's session file, or one scenario. */
export interface ReplayGroup {
  id: string;
  userId: string;
  source: 'session' | 'scenario';
  sessions: ReplaySession[];
  /** Scenarios: how many skills the user should end up with (sessions: the original's count). */
  expectedSkills?: number;
}

/** What the replay did at one turn. */
export interface TurnOutcome {
  groupId: string;
  sessionId: string;
  turnId: string;
  /** 0-based position of the turn in its session. */
  index: number;
  expected: ExpectedOutcome;
  /** Ids added or merged by this turn's learning step. */
  learnedIds: string[];
  added: number;
  merged: number;
  /** Why nothing was learned, or what happened (the SDK's reason). */
  reason: string;
  error?: string;
}

/** The retrieval check after a session: its first request, asked again. */
export interface ProbeOutcome {
  groupId: string;
  sessionId: string;
  probe: string;
  /** Skills learned (added or merged) during the session. */
  learnedIds: string[];
  injectedIds: string[];
  /** True when at least one skill learned in the session was injected. */
  retrieved: boolean;
}

/** Everything one group's replay produced. */
export interface GroupOutcome {
  groupId: string;
  userId: string;
  source: ReplayGroup['source'];
  turns: TurnOutcome[];
  probes: ProbeOutcome[];
  /** Distinct skills the replay created (ids of `added`). */
  createdIds: string[];
  /** Distinct skill ids the reference upserted (sessions), or the expected count (scenarios). */
  expectedSkills: number;
}
