import type { Share } from '../bench/learning/learning-figures';
import type { Verdict } from './eval-judge';
import type { SwappedJudgement } from './position-swap';

/** Everything one case produced. */
export interface EvalCaseResult {
  id: string;
  kind?: string;
  language?: string;
  expectLearn?: boolean;
  /** The simulated user's messages and the answers, in order. */
  training: Array<{ user: string; answer: string }>;
  learnedIds: string[];
  query: string;
  answers: { base: string; skills: string };
  /** Skills injected into the answer with skills. */
  injectedIds: string[];
  verdicts: { baseFirst: Verdict; skillsFirst: Verdict };
  judgement: SwappedJudgement;
}

export interface EvalFailure {
  id: string;
  error: string;
}

export interface EvalSummary {
  cases: number;
  failed: number;
  wins: number;
  ties: number;
  losses: number;
  /** Wins over judged cases. */
  winRate: number | null;
  /** (wins − losses) over judged cases. */
  netWinRate: number | null;
  /** Cases whose two orders agreed. */
  positionConsistency: Share;
  /** Cases expected to teach that learned something. */
  learnedWhenExpected: Share;
  /** Cases expected to teach nothing that learned something. */
  learnedWhenNotExpected: Share;
  /** Cases that learned something whose query got a learned skill injected. */
  injectedWhenLearned: Share;
  /** Mean judge scores over both orders (judges that give scores). */
  meanScoreBase: number | null;
  meanScoreSkills: number | null;
}

export interface EvalReport {
  eval: 'autoskill';
  version: 1;
  /** `in-process` or `proxy <url>`. */
  assistant: string;
  models: { assistant: string; simulator: string; judge: string };
  source: string;
  protocol: string;
  summary: EvalSummary;
  cases: EvalCaseResult[];
  failures: EvalFailure[];
}

/** Judge protocol, as written into every report. */
export const JUDGE_PROTOCOL =
  'each query is answered for a fresh baseline user and for the trained user; the judge sees both answers twice, baseline first and skills first; a win or a loss needs both orders to agree, anything else is a tie';

/** The summary figures of a set of case results. */
export function summarize(cases: EvalCaseResult[], failures: EvalFailure[]): EvalSummary {
  const count = (outcome: string) =>
    cases.filter((entry) => entry.judgement.outcome === outcome).length;
  const wins = count('win');
  const losses = count('loss');
  const learned = (entry: EvalCaseResult) => entry.learnedIds.length > 0;
  const expected = cases.filter((entry) => entry.expectLearn === true);
  const notExpected = cases.filter((entry) => entry.expectLearn === false);
  const withLearning = cases.filter(learned);
  const mean = (values: Array<number | undefined>) => {
    const present = values.filter((value): value is number => value !== undefined);
    return present.length === 0
      ? null
      : round(present.reduce((sum, value) => sum + value, 0) / present.length);
  };
  return {
    cases: cases.length + failures.length,
    failed: failures.length,
    wins,
    ties: count('tie'),
    losses,
    winRate: cases.length === 0 ? null : round(wins / cases.length),
    netWinRate: cases.length === 0 ? null : round((wins - losses) / cases.length),
    positionConsistency: share(
      cases.filter((entry) => entry.judgement.consistent).length,
      cases.length,
    ),
    learnedWhenExpected: share(expected.filter(learned).length, expected.length),
    learnedWhenNotExpected: share(notExpected.filter(learned).length, notExpected.length),
    injectedWhenLearned: share(
      withLearning.filter((entry) => entry.injectedIds.some((id) => entry.learnedIds.includes(id)))
        .length,
      withLearning.length,
    ),
    meanScoreBase: mean(cases.map((entry) => entry.judgement.scoreBase)),
    meanScoreSkills: mean(cases.map((entry) => entry.judgement.scoreSkills)),
  };
}

function share(count: number, of: number): Share {
  return { count, of, share: of === 0 ? null : round(count / of) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
