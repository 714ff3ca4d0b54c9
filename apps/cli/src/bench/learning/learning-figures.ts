import type { GroupOutcome, TurnOutcome } from './replay-types';

/** A count out of a total, with the share (null when the total is 0). */
export interface Share {
  count: number;
  of: number;
  share: number | null;
}

/** A turn the report points at, so a reader can look it up. */
export interface TurnRef {
  group: string;
  session: string;
  turn: string;
  learned: string[];
  reason: string;
}

/** The four figures of the learning benchmark over one set of groups. */
export interface LearningFigures {
  groups: number;
  sessions: number;
  turns: number;
  /** (a) Turns where the reference learned (an upsert, or a `learn: true` label) that the replay learned at. */
  agreement: Share;
  /** Turns the reference learned nothing at (completed without upsert, or `learn: false`) that the replay learned at. */
  learnedWhereReferenceDidNot: Share;
  /** Turns left out of (a): the original's trace stops before a result. */
  unknownTurns: number;
  /** (b) First turns of sessions not labelled as teaching (generic requests) that taught something. */
  firstTurnsTaught: Share;
  /** (c) Distinct skills created by the replay vs the reference's distinct upserted ids (or expected count). */
  skills: { created: number; reference: number };
  /** (d) Sessions that learned something whose first request, asked again, gets it injected. */
  retrieval: Share;
  /** Turns whose learning step threw (vendor errors, …). */
  errors: number;
  /** Turns the reference learned at and the replay did not. */
  missed: TurnRef[];
  /** First turns that taught something. */
  taughtFirstTurns: TurnRef[];
  /** Sessions whose first request, asked again, did not get what they taught. */
  notRetrieved: Array<{
    group: string;
    session: string;
    probe: string;
    learned: string[];
    injected: string[];
  }>;
}

/** Computes the figures from the replay of every group of one source. */
export function learningFigures(outcomes: GroupOutcome[]): LearningFigures {
  const turns = outcomes.flatMap((outcome) => outcome.turns);
  const learned = (turn: TurnOutcome) => turn.learnedIds.length > 0;
  const referenceLearned = turns.filter((turn) => turn.expected === 'learned');
  const referenceNot = turns.filter((turn) => turn.expected === 'not-learned');
  const firstTurns = turns.filter((turn) => turn.index === 0 && turn.expected !== 'learned');
  const probes = outcomes
    .flatMap((outcome) => outcome.probes)
    .filter((probe) => probe.learnedIds.length > 0);
  return {
    groups: outcomes.length,
    sessions: outcomes.reduce((sum, outcome) => sum + outcome.probes.length, 0),
    turns: turns.length,
    agreement: share(referenceLearned.filter(learned).length, referenceLearned.length),
    learnedWhereReferenceDidNot: share(referenceNot.filter(learned).length, referenceNot.length),
    unknownTurns: turns.filter((turn) => turn.expected === 'unknown' && turn.index > 0).length,
    firstTurnsTaught: share(firstTurns.filter(learned).length, firstTurns.length),
    skills: {
      created: outcomes.reduce((sum, outcome) => sum + outcome.createdIds.length, 0),
      reference: outcomes.reduce((sum, outcome) => sum + outcome.expectedSkills, 0),
    },
    retrieval: share(probes.filter((probe) => probe.retrieved).length, probes.length),
    errors: turns.filter((turn) => turn.error !== undefined).length,
    missed: referenceLearned.filter((turn) => !learned(turn)).map(reference),
    taughtFirstTurns: firstTurns.filter(learned).map(reference),
    notRetrieved: probes
      .filter((probe) => !probe.retrieved)
      .map((probe) => ({
        group: probe.groupId,
        session: probe.sessionId,
        probe: probe.probe,
        learned: probe.learnedIds,
        injected: probe.injectedIds,
      })),
  };
}

function reference(turn: TurnOutcome): TurnRef {
  return {
    group: turn.groupId,
    session: turn.sessionId,
    turn: turn.turnId,
    learned: turn.learnedIds,
    reason: turn.error ?? turn.reason,
  };
}

function share(count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : Math.round((count / of) * 1000) / 1000 };
}
