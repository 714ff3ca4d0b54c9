import type { LearningFigures } from './learning-figures';

/** The targets of issue 14 on the dev sessions. */
export const LEARNING_TARGETS = {
  agreement: 0.7,
  firstTurnsTaught: 0.05,
  skillsAtMostReference: true,
  retrieval: 0.9,
} as const;

/** Which targets the figures meet (null where a figure has no data). */
export interface TargetsMet {
  agreement: boolean | null;
  firstTurnsTaught: boolean | null;
  skills: boolean;
  retrieval: boolean | null;
}

export function targetsMet(figures: LearningFigures): TargetsMet {
  const atLeast = (value: number | null, target: number) =>
    value === null ? null : value >= target;
  return {
    agreement: atLeast(figures.agreement.share, LEARNING_TARGETS.agreement),
    firstTurnsTaught:
      figures.firstTurnsTaught.share === null
        ? null
        : figures.firstTurnsTaught.share <= LEARNING_TARGETS.firstTurnsTaught,
    skills: figures.skills.created <= figures.skills.reference,
    retrieval: atLeast(figures.retrieval.share, LEARNING_TARGETS.retrieval),
  };
}
