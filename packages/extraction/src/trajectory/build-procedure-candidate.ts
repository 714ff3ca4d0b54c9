import { MAX_DESCRIPTION_LENGTH, type SkillCandidate } from '@autoskill/core';
import { containment } from '@autoskill/core/internal';
import type { SkillReference } from '../extraction-types';
import { asRule, dedupe, lowerFirst } from '../rules/candidate-text';
import { deidentifyText } from '../rules/deidentify-text';
import { capitalize, cleanTaskPhrase, describeTask } from '../rules/describe-task';
import { isMostlyChinese } from '../rules/is-mostly-chinese';
import { readEvidenceText } from '../rules/read-evidence-text';
import { stripPastedContent } from '../rules/strip-pasted-content';
import { skillNameFromTitle } from '../skill-name';
import { formatToolStep, formatValue } from './format-tool-step';
import type { RecoveredFailure, TrajectoryVerdict } from './judge-trajectory';
import type { Trajectory } from './read-trajectory';

const MAX_WORKFLOW_STEPS = 12;
const MAX_PITFALLS = 4;

/**
 * The skill a successful run teaches: the user's task as the goal, the user's own rules and one
 * "if X fails with …, do Y" line per recovered failure as constraints, and the successful tool
 * steps, in order, with the parameters that mattered, as the workflow.
 */
export function buildProcedureCandidate(
  trajectory: Trajectory,
  verdict: Extract<TrajectoryVerdict, { kind: 'procedure' }>,
  options: { hint?: string; reference?: SkillReference },
): SkillCandidate {
  const userText = trajectory.userTexts.map(stripPastedContent).join('\n');
  const chinese = isMostlyChinese(userText || options.hint || '');
  const { task, rules } = readUserTurns(trajectory.userTexts);
  const taskPhrase = task ?? options.hint;
  const cleanTask = taskPhrase ? deidentifyText(cleanTaskPhrase(taskPhrase)) : undefined;
  const steps = verdict.steps.slice(0, MAX_WORKFLOW_STEPS);
  const tools = [...new Set(steps.map((step) => step.tool))];

  const described = describeTask({
    ...(cleanTask ? { task: cleanTask } : {}),
    evidence: `${userText}\n${tools.join(' ').replace(/_/g, ' ')}`,
    hasWorkflow: true,
    chinese,
  });
  const reference = options.reference;
  const reuse = reference !== undefined && sameCapability(reference, described.title, cleanTask);
  const title = reuse ? reference.title || reference.name : described.title;

  const constraints = [
    ...rules.map((rule) => asRule(rule, chinese)),
    chinese
      ? '按下列顺序执行步骤，每一步确认结果后再进行下一步。'
      : 'Run the steps below in order and check each result before the next one.',
    ...verdict.recovered.slice(0, MAX_PITFALLS).map((lesson) => pitfallOf(lesson, chinese)),
  ];
  const goal = cleanTask
    ? chinese
      ? `${cleanTask}，沿用上次成功的工具步骤。`
      : `${capitalize(cleanTask)}, using the tool procedure that worked.`
    : chinese
      ? `按上次成功的工具步骤完成${title}。`
      : `Carry out ${title.toLowerCase()} with the tool procedure that worked.`;
  const instructions = [
    `# Goal\n${goal}`,
    `# Constraints & Style\n${constraints.map((line) => `- ${line}`).join('\n')}`,
    `# Workflow\n${steps.map((step, index) => `${index + 1}. ${formatToolStep(step)}`).join('\n')}`,
  ].join('\n\n');

  const chain = tools.join(' → ');
  const when = cleanTask
    ? chinese
      ? `适用于：${cleanTask}。`
      : `Use it when asked to ${described.shortTrigger ?? lowerFirst(cleanTask)}.`
    : '';
  const description = (
    chinese
      ? `${title}：一套验证过的工具步骤（${chain}）。${when}`
      : `${title}: a tool procedure that worked (${chain}). ${when}`
  )
    .trim()
    .slice(0, MAX_DESCRIPTION_LENGTH);
  const triggers = dedupe(
    [cleanTask, described.shortTrigger, title, reuse ? reference.triggers[0] : undefined]
      .filter((value): value is string => typeof value === 'string' && value.trim().length > 0)
      .map((value) => (chinese ? value : value.toLowerCase()).slice(0, 120)),
  ).slice(0, 5);
  const tags = dedupe(
    [described.tag, ...tools.map((tool) => tool.toLowerCase().replace(/[^a-z0-9]+/g, '-'))].filter(
      (value): value is string => typeof value === 'string' && value.length > 0,
    ),
  ).slice(0, 6);
  const confidence =
    0.6 +
    0.05 * Math.min(steps.length - 1, 2) +
    (verdict.recovered.length > 0 ? 0.05 : 0) +
    (rules.length > 0 ? 0.05 : 0);

  return {
    name: reuse ? reference.name : skillNameFromTitle(title),
    title,
    description,
    instructions,
    triggers: triggers.length > 0 ? triggers : [title],
    tags,
    examples: cleanTask ? [{ input: cleanTask }] : [],
    confidence: Math.round(Math.min(0.8, confidence) * 100) / 100,
  };
}

/** The task (the first request) and the durable rules the user stated during the run. */
function readUserTurns(userTexts: string[]): { task?: string; rules: string[] } {
  let task: string | undefined;
  const rules: string[] = [];
  for (const text of userTexts) {
    const { clauses } = readEvidenceText(stripPastedContent(text));
    for (const clause of clauses) {
      if (clause.kind === 'task' && task === undefined) task = clause.text;
      else if (clause.kind === 'rule') rules.push(clause.text);
    }
  }
  // A run's first request is its task even without a task verb ("the orders table on staging").
  if (task === undefined) {
    const first = userTexts[0]?.split(/(?<=[.!?。！？])\s+|\n/)[0]?.trim();
    if (first && first.length <= 200) task = first;
  }
  return { ...(task ? { task } : {}), rules: dedupe(rules) };
}

/** "If `run_tests` fails with "…", run `install_dependencies` first, then retry." */
function pitfallOf(lesson: RecoveredFailure, chinese: boolean): string {
  const tool = `\`${lesson.failed.tool}\``;
  const error = deidentifyText(lesson.failed.error ?? 'an error').replace(/"/g, "'");
  const when = chinese ? `如果 ${tool} 报错"${error}"` : `If ${tool} fails with "${error}"`;
  if (lesson.instead) {
    const other = formatToolStep(lesson.instead);
    return chinese ? `${when}，改用 ${other}。` : `${when}, use ${other} instead.`;
  }
  const fixes: string[] = [];
  if (lesson.before.length > 0) {
    const first = lesson.before.map((step) => `\`${step.tool}\``).join(', ');
    fixes.push(chinese ? `先运行 ${first}` : `run ${first} first`);
  }
  if (lesson.changed.length > 0) {
    const changes = lesson.changed
      .slice(0, 3)
      .map(({ key, before, after }) =>
        after === undefined
          ? chinese
            ? `去掉 ${key}`
            : `without ${key}`
          : before === undefined
            ? `${key}=${formatValue(key, after)}`
            : chinese
              ? `${key}=${formatValue(key, after)}（不是 ${formatValue(key, before)}）`
              : `${key}=${formatValue(key, after)} (not ${formatValue(key, before)})`,
      )
      .join(', ');
    fixes.push(chinese ? `用 ${changes} 重试` : `retry with ${changes}`);
  } else if (lesson.before.length > 0) {
    fixes.push(chinese ? '然后重试' : 'then retry');
  } else {
    fixes.push(chinese ? '重试一次' : 'retry it once');
  }
  return chinese ? `${when}，${fixes.join('，')}。` : `${when}, ${fixes.join(', ')}.`;
}

function sameCapability(reference: SkillReference, title: string, task?: string): boolean {
  const referenceText = [
    reference.name.replace(/-/g, ' '),
    reference.title,
    reference.description,
    ...reference.tags,
    ...reference.triggers,
  ].join(' ');
  return (
    containment(title, referenceText) >= 0.5 ||
    (task !== undefined && containment(task, referenceText) >= 0.5)
  );
}
