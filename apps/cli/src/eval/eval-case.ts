import type { ReplayGroup } from '../bench/learning/replay-types';
import type { LearningScenario } from '../bench/learning/scenario-file';

/** One evaluation case: what the simulated user says while training, then the request to judge. */
export interface EvalCase {
  id: string;
  kind?: string;
  language?: string;
  /** What each training turn of the user must convey (the simulator may rephrase it). */
  intents: string[];
  /** The request asked after training, with and without what was learned. */
  query: string;
  /** What a good answer to `query` shows, for the judge (may be empty: it reads the training turns). */
  checks: string[];
  /** Whether the training should teach something (scenario labels; sessions: the original learned). */
  expectLearn?: boolean;
}

/** Cases from a scenario file: its user turns, its probe (default: the first request) and checks. */
export function casesFromScenarios(scenarios: LearningScenario[]): EvalCase[] {
  return scenarios.map((scenario) => ({
    id: scenario.id,
    kind: scenario.kind,
    language: scenario.language,
    intents: scenario.turns.map((turn) => turn.user),
    query: scenario.probe ?? (scenario.turns[0]?.user as string),
    checks: scenario.checks,
    expectLearn: scenario.turns.some((turn) => turn.learn),
  }));
}

/**
 * Cases from the original web UI's session files: each session's user turns (at most
 * `maxTurns`), then its first request asked again. Expected to teach when the original learned
 * somewhere in those turns.
 */
export function casesFromSessions(groups: ReplayGroup[], maxTurns: number): EvalCase[] {
  return groups.flatMap((group) =>
    group.sessions
      .filter((session) => session.turns.length > 0)
      .map((session, index) => {
        const turns = session.turns.slice(0, maxTurns);
        return {
          id: `${group.userId}-${index + 1}`,
          intents: turns.map((turn) => turn.user),
          query: turns[0]?.user as string,
          checks: [],
          ...(turns.some((turn) => turn.expected === 'learned') ? { expectLearn: true } : {}),
        };
      }),
  );
}
