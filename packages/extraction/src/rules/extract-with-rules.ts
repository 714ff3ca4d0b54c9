import { containment } from '@autoskill/core/internal';
import type { ExtractionInput, ExtractionResult } from '../extraction-types';
import { buildRuleCandidate } from './build-rule-candidate';
import { revokedRuleOf } from './classify-clause';
import { gatherEvidence } from './gather-evidence';
import {
  hasKind,
  type ReadEvidence,
  type ReadWorkflow,
  readEvidenceText,
} from './read-evidence-text';

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

  // A new task starts a new segment: rules stated before it belong to the earlier work item.
  let start = 0;
  read.forEach((entry, index) => {
    if (entry.origin === 'message' && hasKind(entry.evidence, 'task')) start = index;
  });
  const counted = read.slice(start);
  const taskEntry = read[start]?.origin === 'message' ? read[start] : undefined;
  const task =
    taskEntry?.evidence.clauses.find((clause) => clause.kind === 'task')?.text ?? eventTasks[0];

  const { rules, revocations } = resolveRevocations(counted.map((entry) => entry.evidence));
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
    rules.length > 0 ? `${rules.length} rule(s)` : '',
    workflows.length > 0 ? `${workflows.at(-1)!.steps.length} workflow step(s)` : '',
    revocations.length > 0 ? `${revocations.length} revocation(s)` : '',
  ].filter(Boolean);
  return { candidate, reason: `user stated ${parts.join(', ')}`, mode: 'rules' };
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
