import type { ToolStep, Trajectory } from './read-trajectory';

/** A failed step and what made the run go on (a retry with other parameters, another tool first, another tool instead). */
export interface RecoveredFailure {
  failed: ToolStep;
  /** Parameters of the successful retry that differ from the failed call. */
  changed: Array<{ key: string; before: unknown; after: unknown }>;
  /** Tools that ran between the failure and the successful retry (the fix). */
  before: ToolStep[];
  /** A different tool that succeeded instead (no retry of the failed one). */
  instead?: ToolStep;
}

export type TrajectoryVerdict =
  | { kind: 'procedure'; steps: ToolStep[]; recovered: RecoveredFailure[]; reason: string }
  | { kind: 'failed' | 'trivial'; reason: string };

const LOOKUP =
  /^(?:get|search|fetch|read|lookup|look_up|query|list|find|browse|open|view|retrieve|load|web_?search|google)(?:[_\-.\s]|$)/i;
const FAILURE_ANSWER =
  /\b(?:i (?:could not|couldn't|was unable to|am unable to|can't|cannot|wasn't able to)|unable to (?:complete|finish|do)|did not succeed|didn't succeed|gave up|giving up|(?:the )?(?:task|run|job) failed)\b|无法完成|没能|失败了/i;
const FAILURE_FEEDBACK =
  /\b(?:(?:that|it|this) (?:didn't|did not|doesn't|does not) work|(?:still|it's|is) (?:broken|failing)|wrong result|not what i asked|that failed|it failed)\b|不对|没用|还是不行|失败/i;

/**
 * Decides what a run teaches. A run that failed (an outcome event or record says so, its last
 * step failed and was never recovered, the final answer says it could not finish, or the user
 * said it did not work) teaches no procedure. Fewer than two distinct successful steps with no
 * recovered failure is a one-off call; so are two calls, or only look-ups (search, fetch, read…),
 * unless a failure was recovered on the way. Otherwise the successful steps, in order, are the
 * procedure, and each failure that was followed by success is a lesson (a pitfall).
 */
export function judgeTrajectory(trajectory: Trajectory): TrajectoryVerdict {
  const { steps } = trajectory;
  const failure = failureOf(trajectory);
  if (failure) return { kind: 'failed', reason: `the run failed (${failure})` };
  const done = distinctSteps(steps.filter((step) => step.ok));
  const recovered = recoveredFailures(steps);
  const tools = [...new Set(steps.map((step) => step.tool))].join(', ');
  if (done.length < 2 && recovered.length === 0)
    return {
      kind: 'trivial',
      reason: `a single tool call (${tools}) is a one-off, not a procedure`,
    };
  // Without a lesson, two calls or a run of look-ups (search, fetch, read…) answer one question;
  // a chat turn of a tool-using client is often just that, and must not become a skill.
  if (recovered.length === 0 && (done.length < 3 || done.every((step) => LOOKUP.test(step.tool))))
    return {
      kind: 'trivial',
      reason: `${done.length} look-up or one-off tool calls (${tools}) are not a procedure`,
    };
  const parts = [`${done.length} tool step${done.length === 1 ? '' : 's'}`];
  if (recovered.length > 0)
    parts.push(`${recovered.length} recovered failure${recovered.length === 1 ? '' : 's'}`);
  return {
    kind: 'procedure',
    steps: done,
    recovered,
    reason: `the run succeeded: ${parts.join(', ')}`,
  };
}

function failureOf(trajectory: Trajectory): string | undefined {
  if (trajectory.outcome === false) return 'its outcome says so';
  if (trajectory.outcome === true) return undefined;
  const last = trajectory.steps.at(-1);
  if (last && !last.ok) return `the last step, ${last.tool}, failed: ${last.error ?? 'error'}`;
  if (trajectory.finalAnswer && FAILURE_ANSWER.test(trajectory.finalAnswer))
    return 'the final answer says it could not finish';
  if (trajectory.closingUserText && FAILURE_FEEDBACK.test(trajectory.closingUserText))
    return 'the user said it did not work';
  return undefined;
}

/** Successful steps without exact repeats (a retry that succeeded twice is one step). */
function distinctSteps(steps: ToolStep[]): ToolStep[] {
  const seen = new Set<string>();
  return steps.filter((step) => {
    const key = `${step.tool}\u0000${stableJson(step.args)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function recoveredFailures(steps: ToolStep[]): RecoveredFailure[] {
  const lessons: RecoveredFailure[] = [];
  for (const [index, step] of steps.entries()) {
    if (step.ok) continue;
    const later = steps.slice(index + 1);
    const retry = later.findIndex((candidate) => candidate.tool === step.tool && candidate.ok);
    if (retry >= 0) {
      const fixed = later[retry]!;
      lessons.push({
        failed: step,
        changed: changedArgs(step.args, fixed.args),
        before: later.slice(0, retry).filter((candidate) => candidate.ok),
      });
      continue;
    }
    // Retried later and failed again: that later failure carries the lesson (or none).
    if (later.some((candidate) => candidate.tool === step.tool)) continue;
    const instead = later.find((candidate) => candidate.ok);
    if (instead) lessons.push({ failed: step, changed: [], before: [], instead });
  }
  return lessons;
}

function changedArgs(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): RecoveredFailure['changed'] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => stableJson(before[key]) !== stableJson(after[key]))
    .map((key) => ({ key, before: before[key], after: after[key] }));
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` compare equal. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
