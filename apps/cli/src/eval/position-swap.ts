import type { Verdict } from './eval-judge';

/** Which answer a verdict prefers, seen from the answer with learned skills. */
export type Preference = 'skills' | 'base' | 'tie';

/** The result of one case after both orders were judged. */
export interface SwappedJudgement {
  /** `win`: both orders prefer the answer with skills; `loss`: both prefer the baseline; else `tie`. */
  outcome: 'win' | 'tie' | 'loss';
  /** Both orders gave the same preference (no position bias on this case). */
  consistent: boolean;
  preferences: [Preference, Preference];
  /** Mean judge scores over both orders, when the judge gave scores. */
  scoreBase?: number;
  scoreSkills?: number;
}

/**
 * Combines the verdict with the baseline shown first and the verdict with the skills answer shown
 * first. Only agreement counts as a win or a loss; a disagreement is a tie, so a judge that
 * always picks the same position scores every case a tie.
 */
export function combineSwapped(baseFirst: Verdict, skillsFirst: Verdict): SwappedJudgement {
  const first: Preference =
    baseFirst.winner === 'tie' ? 'tie' : baseFirst.winner === '2' ? 'skills' : 'base';
  const second: Preference =
    skillsFirst.winner === 'tie' ? 'tie' : skillsFirst.winner === '1' ? 'skills' : 'base';
  const outcome =
    first === second && first !== 'tie' ? (first === 'skills' ? 'win' : 'loss') : 'tie';
  const mean = (a?: number, b?: number) =>
    a === undefined || b === undefined ? undefined : (a + b) / 2;
  const scoreBase = mean(baseFirst.score1, skillsFirst.score2);
  const scoreSkills = mean(baseFirst.score2, skillsFirst.score1);
  return {
    outcome,
    consistent: first === second,
    preferences: [first, second],
    ...(scoreBase === undefined ? {} : { scoreBase }),
    ...(scoreSkills === undefined ? {} : { scoreSkills }),
  };
}
