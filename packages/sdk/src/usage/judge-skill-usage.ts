import { generateJson, type LanguageModel, type Skill, tokenize } from '@autoskill/core';
import { z } from 'zod';

/** One turn to judge: what was asked, what was answered, which skills were in the context. */
export interface UsageJudgmentInput {
  query: string;
  answer: string;
  injected: Skill[];
}

/** Answer text the judge sees at most (the original's cap). */
const MAX_ANSWER_CHARS = 6000;
/** Distinct skill words the answer must share (beyond the question's) to count as used offline. */
const MIN_SHARED_WORDS = 2;

const judgmentSchema = z.object({
  skills: z
    .array(z.object({ id: z.string(), used: z.boolean(), reason: z.string().optional() }))
    .default([]),
});

/**
 * Which injected skills the answer actually followed. With a model: it is asked, like the
 * original's auditor; ids it leaves out are judged by the heuristic. Without one: the heuristic
 * (the original counted nothing as used offline, so offline pruning deleted everything retrieved).
 */
export async function judgeSkillUsage(
  input: UsageJudgmentInput,
  model: LanguageModel | undefined,
): Promise<Set<string>> {
  if (input.injected.length === 0 || input.answer.trim() === '') return new Set();
  if (!model) return heuristicUsage(input);
  const { value } = await generateJson({
    model,
    system:
      'You audit an assistant answer. For each candidate skill (guidance that was in the assistant context) decide whether the answer actually followed it: used=true only if the answer applies its instructions, not merely shares a topic. Reply with JSON {"skills": [{"id": "...", "used": boolean, "reason": "short"}]}.',
    prompt: JSON.stringify({
      query: input.query,
      assistant_reply: input.answer.slice(0, MAX_ANSWER_CHARS),
      skills: input.injected.map((skill) => ({
        id: skill.id,
        title: skill.title,
        description: skill.description,
        instructions: skill.instructions.slice(0, 400),
      })),
    }),
    schema: judgmentSchema,
    temperature: 0,
  });
  const verdicts = new Map(value.skills.map((item) => [item.id, item.used]));
  const fallback = heuristicUsage({
    ...input,
    injected: input.injected.filter((skill) => !verdicts.has(skill.id)),
  });
  return new Set(
    input.injected
      .filter((skill) => verdicts.get(skill.id) ?? fallback.has(skill.id))
      .map((skill) => skill.id),
  );
}

/**
 * Offline judgment: a skill counts as used when the answer shares at least two distinct words
 * with the skill's title, description or instructions that the question did not already contain
 * (so an answer that only repeats the question does not count).
 */
export function heuristicUsage(input: UsageJudgmentInput): Set<string> {
  const answerWords = new Set(tokenize(input.answer.slice(0, MAX_ANSWER_CHARS)));
  const queryWords = new Set(tokenize(input.query));
  const used = new Set<string>();
  for (const skill of input.injected) {
    const skillWords = new Set(
      tokenize(`${skill.title}\n${skill.description}\n${skill.instructions}`),
    );
    let shared = 0;
    for (const word of skillWords) if (!queryWords.has(word) && answerWords.has(word)) shared++;
    if (shared >= MIN_SHARED_WORDS) used.add(skill.id);
  }
  return used;
}
