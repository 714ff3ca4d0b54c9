import type { SkillReference } from '../extraction-types';
import type { TrajectoryVerdict } from '../trajectory/judge-trajectory';
import type { Trajectory } from '../trajectory/read-trajectory';

/** The system prompt for a successful tool-using run (the original's agentic-trajectory channel, restated). */
export const TRAJECTORY_EXTRACTION_SYSTEM_PROMPT = `You are AutoSkill's skill extractor for agent trajectories. DATA describes ONE tool-using run of an agent that SUCCEEDED: the user's task and turns, the tool steps in order (tool, arguments, whether the step worked, its error), the failures that were recovered and how, and the final answer. Decide whether the run shows a reusable procedure and, if so, write at most ONE skill that lets the agent repeat it next time without the detours.

What to learn
- The procedure that worked: the successful steps in order, the tools used and the parameters that mattered (flags, modes, options, the value that fixed a failure). Leave out exploratory calls that did not contribute.
- Pitfalls: for each recovered failure, a rule "if <tool> fails with <error>, <fix>" (install the missing dependency first, use parameter X=Y instead of Z, use another tool).
- The user's own rules stated during the run (must-do / must-not, order, checks) are constraints.

Return NO skill when
- the run is a single lookup or one-off call, or the steps are specific to this one request and would not transfer to a similar task;
- the procedure is common knowledge the agent would follow anyway.

Writing the skill
- De-identify: replace run-specific values (paths of this project, hosts, URLs, ids, names, dates, amounts) with placeholders such as <SERVICE>, <PATH>, <URL>; keep generic flags and option values.
- Write every field in the user's language.
- name: kebab-case English (intent + action + domain), e.g. "deploy-service-to-staging".
- title: a short human-readable name. description: one or two sentences, third person, what and when.
- instructions: Markdown with "# Goal" (the objective and expected result), "# Constraints & Style" (the user's rules and the pitfalls as "- " bullets) and "# Workflow" (numbered steps naming the tool and its important parameters). No other headings.
- triggers: 3 to 5 short phrases a user would type when they need this procedure. tags: 1 to 6 keywords (tool names welcome).
- confidence: 0 to 1.

Reference skill
- DATA.retrieved_reference, when present, is the user's closest existing skill: identity context, never evidence. If this run performs the same capability, reuse its exact name and title so the skill is updated instead of duplicated.

Reply with JSON only, no prose and no code fences:
{"skills": [{"name": "...", "title": "...", "description": "...", "instructions": "# Goal\\n...\\n\\n# Constraints & Style\\n- ...\\n\\n# Workflow\\n1. ...", "triggers": ["..."], "tags": ["..."], "confidence": 0.7}]}
Use {"skills": []} when the run teaches nothing reusable.`;

const MAX_STEPS = 40;
const MAX_ARGUMENT_CHARACTERS = 400;
const MAX_TEXT_CHARACTERS = 2000;

/** The DATA payload for a successful run: task, user turns, the steps with their status, recovered failures, the final answer. */
export function buildTrajectoryPayload(input: {
  trajectory: Trajectory;
  verdict: Extract<TrajectoryVerdict, { kind: 'procedure' }>;
  hint?: string;
  reference?: SkillReference;
}): Record<string, unknown> {
  const { trajectory, verdict } = input;
  return {
    task: trajectory.userTexts[0]?.slice(0, MAX_TEXT_CHARACTERS) ?? input.hint ?? null,
    user_turns: trajectory.userTexts.map((text) => text.slice(0, MAX_TEXT_CHARACTERS)),
    run_outcome: 'succeeded',
    summary: verdict.reason,
    steps: trajectory.steps.slice(0, MAX_STEPS).map((step, index) => ({
      step: index + 1,
      tool: step.tool,
      arguments: clip(step.args),
      ok: step.ok,
      ...(step.error ? { error: step.error } : {}),
    })),
    recovered_failures: verdict.recovered.map((lesson) => ({
      tool: lesson.failed.tool,
      error: lesson.failed.error ?? null,
      fix: lesson.instead
        ? { used_instead: lesson.instead.tool }
        : {
            ran_first: lesson.before.map((step) => step.tool),
            changed_arguments: lesson.changed.map(({ key, before, after }) => ({
              key,
              before: before ?? null,
              after: after ?? null,
            })),
          },
    })),
    final_answer: trajectory.finalAnswer?.slice(0, MAX_TEXT_CHARACTERS) ?? null,
    max_candidates: 1,
    hint: input.hint ?? null,
    retrieved_reference: input.reference
      ? {
          id: input.reference.id,
          name: input.reference.name,
          title: input.reference.title,
          description: input.reference.description,
          instructions: input.reference.instructions.slice(0, 4000),
          triggers: input.reference.triggers.slice(0, 20),
          tags: input.reference.tags,
        }
      : null,
  };
}

/** Arguments as sent to the model: long values cut so one pasted file cannot crowd out the run. */
function clip(args: Record<string, unknown>): unknown {
  const text = JSON.stringify(args) ?? '{}';
  return text.length <= MAX_ARGUMENT_CHARACTERS
    ? args
    : `${text.slice(0, MAX_ARGUMENT_CHARACTERS)}…`;
}
