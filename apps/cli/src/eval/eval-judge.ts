import { generateJson, type LanguageModel } from '@autoskill/core';
import { contentTokens } from '@autoskill/core/internal';
import { z } from 'zod';
import type { EvalCase } from './eval-case';

/** The judge's system prompt. */
export const JUDGE_SYSTEM_PROMPT = `You are an impartial judge. Earlier, a user talked with an AI assistant (USER_TURNS: what the user said, in order). Later the same user asked REQUEST, and two assistants answered (ANSWER_1, ANSWER_2).
Decide which answer serves this user better: it fulfils REQUEST and follows the durable requirements the user stated earlier (format, style, language, length, structure, rigour, procedures) and the CHECKS, when given. Requirements that were clearly one-off parameters of a different text do not count.
Do not prefer an answer for its position, its length or its politeness. Say "tie" when neither is better.
Reply with JSON only: {"winner": "1" | "2" | "tie", "score_1": <0-100>, "score_2": <0-100>, "reason": "<one sentence>"}`;

/** One judgement of two answers in a given order. */
export interface Verdict {
  winner: '1' | '2' | 'tie';
  score1?: number;
  score2?: number;
  reason: string;
}

/** Compares two answers to a case's query. */
export interface Judge {
  readonly label: string;
  compare(testCase: EvalCase, first: string, second: string): Promise<Verdict>;
}

const verdictSchema = z.object({
  winner: z
    .union([z.string(), z.number()])
    .transform((value) =>
      String(value)
        .trim()
        .toLowerCase()
        .replace(/^answer[_ ]?/, ''),
    )
    .refine((value) => ['1', '2', 'tie'].includes(value), 'winner must be "1", "2" or "tie"'),
  score_1: z.coerce.number().min(0).max(100).optional(),
  score_2: z.coerce.number().min(0).max(100).optional(),
  reason: z.string().optional(),
});

/**
 * The judge: with a model, one JSON verdict per call; offline (no model), a deterministic count of
 * the case's checks (or, without checks, of the user's later training turns) that each answer
 * covers — plumbing for runs without a vendor, not a measure of quality.
 */
export function createJudge(model: LanguageModel | undefined, label: string): Judge {
  return {
    label,
    async compare(testCase, first, second) {
      if (!model) return offlineVerdict(testCase, first, second);
      const { value } = await generateJson({
        model,
        system: JUDGE_SYSTEM_PROMPT,
        prompt: JSON.stringify({
          USER_TURNS: testCase.intents,
          REQUEST: testCase.query,
          CHECKS: testCase.checks,
          ANSWER_1: first,
          ANSWER_2: second,
        }),
        schema: verdictSchema,
        temperature: 0,
        repairAttempts: 1,
      });
      return {
        winner: value.winner as Verdict['winner'],
        ...(value.score_1 === undefined ? {} : { score1: value.score_1 }),
        ...(value.score_2 === undefined ? {} : { score2: value.score_2 }),
        reason: value.reason?.trim() || '',
      };
    },
  };
}

function offlineVerdict(testCase: EvalCase, first: string, second: string): Verdict {
  const checks = testCase.checks.length > 0 ? testCase.checks : testCase.intents.slice(1);
  const score = (answer: string) => {
    if (checks.length === 0) return 0;
    const words = new Set(contentTokens(answer));
    const covered = checks.filter((check) => {
      const tokens = contentTokens(check);
      return (
        tokens.length > 0 && tokens.filter((token) => words.has(token)).length * 2 >= tokens.length
      );
    }).length;
    return Math.round((covered / checks.length) * 100);
  };
  const score1 = score(first);
  const score2 = score(second);
  return {
    winner: score1 === score2 ? 'tie' : score1 > score2 ? '1' : '2',
    score1,
    score2,
    reason: `offline rules: the answers cover ${score1}% and ${score2}% of the checks`,
  };
}
