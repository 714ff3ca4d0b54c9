import { MAX_DESCRIPTION_LENGTH, type SkillCandidate } from '@autoskill/core';
import { containment } from '@autoskill/core/internal';
import type { SkillReference } from '../extraction-types';
import { skillNameFromTitle } from '../skill-name';
import { asRule, dedupe, lowerFirst } from './candidate-text';
import { deidentifyText } from './deidentify-text';
import { capitalize, cleanTaskPhrase, describeTask, topKeywords } from './describe-task';
import { isMostlyChinese } from './is-mostly-chinese';
import type { ReadWorkflow } from './read-evidence-text';

export interface RuleFindings {
  /** The task the user asked for in the current segment, if any. */
  task?: string;
  rules: string[];
  revocations: string[];
  workflows: ReadWorkflow[];
  /** All counted user text, for keywords and language. */
  evidence: string;
}

/** Builds the candidate from the user's own words: rules as bullets, steps as a numbered workflow. */
export function buildRuleCandidate(
  findings: RuleFindings,
  reference?: SkillReference,
): SkillCandidate {
  const chinese = isMostlyChinese(findings.evidence);
  const task = findings.task ? deidentifyText(cleanTaskPhrase(findings.task)) : undefined;
  const workflow = findings.workflows.at(-1);
  const steps = workflow ? workflow.steps.map((step) => capitalize(deidentifyText(step))) : [];
  const context = workflow?.context ? deidentifyText(workflow.context) : undefined;
  const rules = dedupe(
    [...findings.rules, ...findings.revocations].map((rule) => asRule(rule, chinese)),
  );
  if (rules.length === 0 && steps.length > 0) {
    rules.push(
      chinese
        ? '按顺序执行下列步骤，不得跳过任何一步。'
        : 'Follow the steps below in order; do not skip a step.',
    );
  }

  const described = describeTask({
    task,
    evidence: findings.evidence,
    hasWorkflow: steps.length > 0,
    chinese,
  });
  const reuse =
    reference !== undefined && sameCapability(reference, described.title, task, findings.evidence);
  const title = reuse ? reference.title || reference.name : described.title;
  const name = reuse ? reference.name : skillNameFromTitle(title);

  // The goal names the kind of task ("写正式报告草案"), not this request's topic: the rules
  // generalise to every such task; the request itself stays a trigger.
  const goalTask = described.shortTrigger ?? task;
  const goal = goalTask
    ? chinese
      ? `${goalTask}，并始终遵守下列要求。`
      : `${capitalize(goalTask)}, following the rules below every time.`
    : context
      ? chinese
        ? `${context}：按下列标准步骤执行。`
        : `${capitalize(context)}: follow the standard steps below.`
      : chinese
        ? `在${title}时遵守用户的固定要求。`
        : `Apply the user's standing rules for ${title.toLowerCase()}.`;
  const sections = [
    `# Goal\n${goal}`,
    `# Constraints & Style\n${rules.map((rule) => `- ${rule}`).join('\n')}`,
  ];
  if (steps.length > 0)
    sections.push(`# Workflow\n${steps.map((step, index) => `${index + 1}. ${step}`).join('\n')}`);

  const summary = rules
    .slice(0, 3)
    .map((rule) => lowerFirst(rule.replace(/[.。]$/, '')))
    .join(chinese ? '；' : '; ');
  const when = chinese
    ? `适用于：${title}。`
    : task
      ? `Use it when asked to ${described.shortTrigger ?? lowerFirst(task)}.`
      : context
        ? `Use it ${lowerFirst(context)}.`
        : `Use it for ${title.toLowerCase()}.`;
  const description = (
    chinese
      ? `${title}，遵循用户的固定要求：${summary}。${when}`
      : `${title} following the user's standing rules: ${summary}. ${when}`
  ).slice(0, MAX_DESCRIPTION_LENGTH);

  const triggers = dedupe(
    [task, described.shortTrigger, context, title, reuse ? reference.triggers[0] : undefined]
      .filter((value): value is string => typeof value === 'string' && value.trim().length > 0)
      .map((value) => (chinese ? value : value.toLowerCase()).slice(0, 120)),
  ).slice(0, 5);
  const tags = dedupe(
    [
      described.tag,
      ...topKeywords(`${task ?? ''} ${findings.rules.join(' ')} ${steps.join(' ')}`, 5),
    ].filter((value): value is string => typeof value === 'string' && value.length > 0),
  ).slice(0, 6);
  const confidence = Math.min(
    0.7,
    0.5 + 0.05 * Math.min(rules.length, 2) + (steps.length > 0 ? 0.05 : 0) + (task ? 0.05 : 0),
  );

  return {
    name,
    title,
    description,
    instructions: sections.join('\n\n'),
    triggers,
    tags,
    examples: task ? [{ input: task }] : [],
    confidence: Math.round(confidence * 100) / 100,
  };
}

/**
 * The reference is identity context only: reuse its name when the user is refining the same
 * capability (pure feedback with no new task, or a task whose words the reference already covers).
 */
function sameCapability(
  reference: SkillReference,
  title: string,
  task: string | undefined,
  evidence: string,
): boolean {
  const referenceText = [
    reference.name.replace(/-/g, ' '),
    reference.title,
    reference.description,
    ...reference.tags,
    ...reference.triggers,
  ].join(' ');
  if (!task)
    return containment(evidence, referenceText) >= 0.2 || containment(title, referenceText) >= 0.5;
  return containment(title, referenceText) >= 0.5 || containment(task, referenceText) >= 0.5;
}
