import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../../usage-error';
import type { ReplayGroup } from './replay-types';

const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase words joined by hyphens'),
    kind: z.enum(['preference', 'feedback', 'procedure', 'one-off']),
    language: z.string().min(2),
    turns: z
      .array(
        z
          .object({
            user: z.string().min(1),
            assistant: z.string().default(''),
            learn: z.boolean(),
          })
          .strict(),
      )
      .min(1),
    probe: z.string().min(1).optional(),
    expectedSkills: z.number().int().min(0).optional(),
    checks: z.array(z.string().min(1)).default([]),
  })
  .strict();

const scenarioFileSchema = z
  .object({
    version: z.literal(1),
    about: z.string().optional(),
    scenarios: z.array(scenarioSchema).min(1),
  })
  .strict();

/** One hand-written scenario: a short conversation with a label per user turn. */
export type LearningScenario = z.infer<typeof scenarioSchema>;

/**
 * Reads a scenario file (`{version: 1, scenarios: [{id, kind, language, turns: [{user,
 * assistant, learn}], probe?, expectedSkills?, checks?}]}`). Throws a UsageError naming the file
 * and the first problem.
 */
export async function readScenarioFile(path: string): Promise<LearningScenario[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not a readable JSON file (${(error as Error).message})`);
  }
  const parsed = scenarioFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${path}: not a scenario file (${issue?.path.join('.') || 'root'}: ${issue?.message})`,
    );
  }
  const ids = new Set<string>();
  for (const scenario of parsed.data.scenarios) {
    if (ids.has(scenario.id)) throw new UsageError(`${path}: scenario id ${scenario.id} repeats`);
    ids.add(scenario.id);
  }
  return parsed.data.scenarios;
}

/** A scenario as a replay group of its own (a fresh user and store). */
export function scenarioGroup(scenario: LearningScenario): ReplayGroup {
  const learns = scenario.turns.some((turn) => turn.learn);
  return {
    id: scenario.id,
    userId: `scenario-${scenario.id}`,
    source: 'scenario',
    expectedSkills: scenario.expectedSkills ?? (learns ? 1 : 0),
    sessions: [
      {
        id: scenario.id,
        title: scenario.turns[0]?.user ?? '',
        kind: scenario.kind,
        language: scenario.language,
        ...(scenario.probe ? { probe: scenario.probe } : {}),
        turns: scenario.turns.map((turn, index) => ({
          id: `turn_${index + 1}`,
          user: turn.user,
          assistant: turn.assistant,
          expected: turn.learn ? 'learned' : 'not-learned',
          expectedSkillIds: [],
        })),
      },
    ],
  };
}
