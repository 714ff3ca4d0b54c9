import { containment } from '@autoskill/core/internal';
import type { ExtractionInput, ExtractionResult } from '../extraction-types';
import { isAnswerFeedback } from './answer-feedback';
import { buildRuleCandidate } from './build-rule-candidate';
import { revokedRuleOf } from './classify-clause';
import { gatherEvidence } from './gather-evidence';
import { isMostlyChinese } from './is-mostly-chinese';
import {
  hasKind,
  type ReadEvidence,
  type ReadWorkflow,
  readEvidenceText,
} from './read-evidence-text';
import { buildStandingCandidate } from './standing-candidate';
import { isStandingRule } from './standing-preference';

/**
 * The offline extractor: deterministic rules that return a candidate only when the user states
 * a durable preference, correction, constraint, limit or procedure. Generic one-off requests,
 * questions and small talk yield nothing; assistant text never becomes a rule.
 */
export function extractWithRules(
  input: ExtractionInput,
  maxWindowMessages: number,
): ExtractionResult {
  const { texts, eventTasks } = gatherEvidence(input, maxWindowMessages);
  if (texts.length === 0) return { reason: 'no user text to learn from', mode: 'rules' };
  const read = texts.map((text) => ({ ...text, evidence: readEvidenceText(text.text) }));
  // Feedback on the answer before it is a rule of that task, cue words or not (and, being about
  // that answer, never a standing preference for every answer).
  const feedback = new Set<string>();
  for (const entry of read) {
    if (!entry.afterAnswer) continue;
    for (const clause of entry.evidence.clauses)
      if (clause.kind !== 'rule' && clause.kind !== 'revocation' && isAnswerFeedback(clause.text)) {
        clause.kind = 'rule';
        feedback.add(clause.text);
      }
  }

  // A new task starts a new segment: rules stated before it belong to the earlier work item.
  let start = 0;
  read.forEach((entry, index) => {
    if (entry.origin === 'message' && hasKind(entry.evidence, 'task')) start = index;
  });
  const counted = read.slice(start);
  const taskEntry = read[start]?.origin === 'message' ? read[start] : undefined;
  const task =
    taskEntry?.evidence.clauses.find((clause) => clause.kind === 'task')?.text ?? eventTasks[0];

  // "Always." after a rule only stresses it: on its own it is no rule.
  for (const entry of counted)
    entry.evidence.clauses = entry.evidence.clauses.filter(
      (clause) => clause.kind !== 'rule' || !LONE_INTENSIFIER.test(clause.text.trim()),
    );
  const resolved = resolveRevocations(counted.map((entry) => entry.evidence));
  const { revocations } = resolved;

  // The latest message states only preferences for every answer: they are learned on their own,
  // as the user's standing preferences (earlier rules in the window had their own turn).
  const latest = counted.at(-1);
  const latestRules =
    latest?.origin === 'message'
      ? latest.evidence.clauses
          .filter((clause) => clause.kind === 'rule')
          .map((clause) => clause.text)
      : [];
  if (
    revocations.length === 0 &&
    latest !== undefined &&
    latestRules.length > 0 &&
    latestRules.every((rule) => isStandingRule(rule) && !feedback.has(rule)) &&
    !hasKind(latest.evidence, 'task') &&
    latest.evidence.workflows.length === 0
  ) {
    return {
      candidate: buildStandingCandidate(latestRules, isMostlyChinese(latest.text)),
      reason: `user stated a standing preference for every answer (${countOf(latestRules.length, 'rule')})`,
      mode: 'rules',
    };
  }
  // Without a task in view, standing preferences never become rules of a task skill.
  const rules = task
    ? resolved.rules
    : resolved.rules.filter((rule) => feedback.has(rule) || !isStandingRule(rule));
  const workflows: ReadWorkflow[] = counted.flatMap((entry) => entry.evidence.workflows);
  if (rules.length === 0 && workflows.length === 0) {
    if (revocations.length > 0 && input.reference === undefined) {
      return {
        reason: 'the user revoked a rule but no existing skill was given to update',
        mode: 'rules',
      };
    }
    if (revocations.length === 0) {
      return {
        reason:
          'no durable preference, correction, constraint or procedure stated by the user (one-off request)',
        mode: 'rules',
      };
    }
  }
  const evidence = counted.map((entry) => entry.text).join('\n');
  const candidate = buildRuleCandidate(
    { task, rules, revocations, workflows, evidence },
    input.reference,
  );
  const parts = [
    rules.length > 0 ? countOf(candidateRuleCount(candidate.instructions), 'rule') : '',
    workflows.length > 0 ? countOf(workflows.at(-1)!.steps.length, 'workflow step') : '',
    revocations.length > 0 ? countOf(revocations.length, 'revocation') : '',
  ].filter(Boolean);
  return { candidate, reason: `user stated ${parts.join(', ')}`, mode: 'rules' };
}

const LONE_INTENSIFIER =
  /^(?:always|never|every time|without exception|always,? please|please|务必|一定|必须的?|永远|总是)[.!。！]*$/i;

/** "1 rule", "2 rules". */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The bullets under "Constraints & Style": what the user will read as the rules. */
function candidateRuleCount(instructions: string): number {
  const section = /# Constraints & Style\n([\s\S]*?)(?:\n\n#|$)/.exec(instructions)?.[1] ?? '';
  return section.split('\n').filter((line) => line.startsWith('- ')).length;
}

/** Rules and revocations in order: a later revocation cancels an earlier rule, a later rule an earlier revocation. */
function resolveRevocations(evidence: ReadEvidence[]): { rules: string[]; revocations: string[] } {
  let rules: string[] = [];
  let revocations: string[] = [];
  for (const clause of evidence.flatMap((entry) => entry.clauses)) {
    if (clause.kind === 'rule') {
      revocations = revocations.filter((revocation) => !revokes(revocation, clause.text));
      rules.push(clause.text);
    } else if (clause.kind === 'revocation') {
      rules = rules.filter((rule) => !revokes(clause.text, rule));
      revocations.push(clause.text);
    }
  }
  return { rules, revocations };
}

function revokes(revocation: string, rule: string): boolean {
  const revoked = revokedRuleOf(revocation);
  return revoked !== undefined && containment(revoked, rule) >= 0.7;
}
