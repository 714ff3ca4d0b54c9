import {
  generateJson,
  type LanguageModel,
  type SkillCandidate,
  type SkillHit,
} from '@autoskill/core';
import { z } from 'zod';

/** The skill set manager's system prompt. */
export const JUDGE_SYSTEM_PROMPT = `You are the skill set manager of AutoSkill. A new skill CANDIDATE was learned from a user's conversation. Decide what to do with it given the user's most SIMILAR existing skills.

Actions
- "merge": the candidate is the same capability as one of the user's own skills (same task after removing names, topics and dates, or the same normalised name). Give that skill's id as target_skill_id. Never add a duplicate of a user skill.
- "add": the candidate is a different capability: a different task family, deliverable or channel, audience, or quality rubric. Also "add" when it only refines a library skill (scope "common"): library skills are never modified; the user gets their own variant.
- "discard": the candidate is generic, low-value, a one-off, or adds nothing to an existing skill.

Similarity scores are hints, not rules. target_skill_id must be the id of a skill with scope "user".
Reply with JSON only: {"action": "add" | "merge" | "discard", "target_skill_id": "<id or null>", "reason": "<one sentence>"}`;

const SYNONYMS: Record<string, 'add' | 'merge' | 'discard'> = {
  add: 'add',
  create: 'add',
  new: 'add',
  insert: 'add',
  merge: 'merge',
  update: 'merge',
  upsert: 'merge',
  improve: 'merge',
  discard: 'discard',
  delete: 'discard',
  drop: 'discard',
  ignore: 'discard',
  skip: 'discard',
  reject: 'discard',
};

const judgeSchema = z.object({
  action: z
    .string()
    .transform((value) => SYNONYMS[value.trim().toLowerCase()])
    .refine((value) => value !== undefined, {
      message: 'action must be "add", "merge" or "discard"',
    }),
  target_skill_id: z.string().nullish(),
  reason: z.string().optional(),
});

export interface JudgeDecision {
  action: 'add' | 'merge' | 'discard';
  targetSkillId?: string;
  reason: string;
}

/** Asks the model for add/merge/discard. Throws when the reply stays unusable after a repair. */
export async function judgeDecision(options: {
  model: LanguageModel;
  userId: string;
  candidate: SkillCandidate;
  hits: SkillHit[];
  threshold: number;
  abortSignal?: AbortSignal;
}): Promise<JudgeDecision> {
  const data = {
    similarity_threshold: options.threshold,
    candidate: describeCandidate(options.candidate),
    similar: options.hits.slice(0, 8).map((hit) => ({
      id: hit.skill.id,
      scope: hit.skill.scope,
      owned_by_this_user: hit.skill.scope === 'user' && hit.skill.owner === options.userId,
      score: Math.round(hit.score * 1000) / 1000,
      name: hit.skill.name,
      title: hit.skill.title,
      description: hit.skill.description,
      instructions: hit.skill.instructions.slice(0, 1500),
      triggers: hit.skill.triggers.slice(0, 8),
      tags: hit.skill.tags.slice(0, 8),
      version: hit.skill.version,
    })),
  };
  const { value } = await generateJson({
    model: options.model,
    system: JUDGE_SYSTEM_PROMPT,
    prompt: `DATA:\n${JSON.stringify(data, null, 2)}`,
    schema: judgeSchema,
    temperature: 0,
    repairAttempts: 1,
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  });
  return {
    action: value.action!,
    ...(value.target_skill_id ? { targetSkillId: value.target_skill_id } : {}),
    reason: value.reason?.trim() || 'decided by the skill set manager',
  };
}

export function describeCandidate(candidate: SkillCandidate): Record<string, unknown> {
  return {
    name: candidate.name,
    title: candidate.title ?? candidate.name,
    description: candidate.description,
    instructions: candidate.instructions.slice(0, 4000),
    triggers: candidate.triggers,
    tags: candidate.tags,
    confidence: candidate.confidence,
  };
}
