import { containment } from '@autoskill/core/internal';

const REVOCATION =
  /(?:\bno longer (?:need|have) to|\b(?:don't|do not) need to|\bno need to|\bneedn't|\b(?:is|are) no longer (?:required|needed|necessary)|\bcan (?:stop|skip|drop)|\bstop requiring|\bdrop the rule|不再需要|不用再|无需再|不必再|不需要再|可以不用|取消.{0,12}(?:要求|规则))/i;

/** True when a candidate line revokes an earlier rule ("You no longer need to cite every number"). */
export function isRevocation(line: string): boolean {
  return REVOCATION.test(line.normalize('NFKC').replace(/[‘’]/g, "'"));
}

/** The rule a revocation line revokes ("cite every number"), or undefined. */
export function revokedRule(line: string): string | undefined {
  const text = line
    .normalize('NFKC')
    .replace(/[‘’]/g, "'")
    .replace(/[.!。！]+\s*$/, '')
    .trim();
  const after =
    /(?:no longer (?:need|have) to|(?:don't|do not) need to|no need to|needn't|can (?:stop|skip|drop)|stop requiring|drop the rule(?: to| that)?|不再需要|不用再|无需再|不必再|不需要再|可以不用)\s*(.+)$/i.exec(
      text,
    );
  if (after?.[1])
    return (
      after[1]
        .replace(/\s+any ?more$/i, '')
        .replace(/了$/, '')
        .trim() || undefined
    );
  const before = /^(?:[-*•]\s*)?(.+?)\s+(?:is|are) no longer (?:required|needed|necessary)/i.exec(
    text,
  );
  return before?.[1]?.trim() || undefined;
}

/** True when `rule` is what `revoked` names (most of the revoked words appear in the rule). */
export function isRevokedBy(rule: string, revoked: string): boolean {
  return containment(revoked, rule) >= 0.7 && !isRevocation(rule);
}
