import { type ClauseKind, classifyClause, stripLeadIn } from './classify-clause';
import { splitClauses } from './split-clauses';

export interface ReadClause {
  kind: ClauseKind;
  text: string;
}

/** An explicit step list ("Before each release: a -> b -> c", or a numbered list under "Steps:"). */
export interface ReadWorkflow {
  /** What the steps are for ("Before each release"). */
  context?: string;
  steps: string[];
}

export interface ReadEvidence {
  clauses: ReadClause[];
  workflows: ReadWorkflow[];
}

const ARROW = /\s*(?:-{1,2}>|→|⇒|=>|➡️?|➜|⟶)\s*/;
const LIST_ITEM =
  /^\s*(?:\d{1,2}[.)、]\s*|[-*•·]\s+|step\s*\d+\s*[:.)-]?\s*|第[一二三四五六七八九十\d]+步[:：、.]?\s*|步骤\s*[一二三四五六七八九十\d]+[:：、.]?\s*)(.+)$/i;
const NUMBERED_ITEM =
  /^\s*(?:\d{1,2}[.)、]|step\s*\d+|第[一二三四五六七八九十\d]+步|步骤\s*[一二三四五六七八九十\d]+)/i;
const RULES_HEADER =
  /\b(?:rules?|constraints?|requirements?|guidelines?|preferences?|polic(?:y|ies)|style guide|conventions?)\b|要求|规则|规范|注意事项|约束|偏好/i;
const STEPS_HEADER =
  /\b(?:steps?|process|procedure|workflow|protocol|sop|checklist|pipeline|routine)\b|\b(?:before|after) (?:each|every|any)\b|\b(?:each|every) time\b|流程|步骤|规程|每次|之前|之后/i;
const PROCEDURE_CUE = STEPS_HEADER;
const ACKNOWLEDGEMENT =
  /^(?:thanks?|thank you|thx|ty|ok|okay|got it|understood|acknowledged|noted|好的|谢谢|收到)$/i;
const MAX_STEPS = 12;

/** Reads one user text (a message, an event's feedback, a hint) into classified clauses and step lists. */
export function readEvidenceText(text: string): ReadEvidence {
  const clauses: ReadClause[] = [];
  const workflows: ReadWorkflow[] = [];
  const lines = text.split(/\r?\n/);
  let header: { kind: 'rules' | 'steps' | 'plain'; context?: string } | undefined;
  let pendingItems: string[] = [];
  let pendingNumbered = false;

  const flushItems = () => {
    if (pendingItems.length === 0) return;
    if (
      header?.kind === 'steps' ||
      (pendingNumbered && pendingItems.length >= 2 && PROCEDURE_CUE.test(text))
    ) {
      const steps = cleanSteps(pendingItems);
      if (steps.length >= 2)
        workflows.push({ ...(header?.context ? { context: header.context } : {}), steps });
    } else {
      for (const item of pendingItems) {
        const kind = classifyClause(item);
        clauses.push({
          kind: header?.kind === 'rules' && kind !== 'revocation' ? 'rule' : kind,
          text: item,
        });
      }
    }
    pendingItems = [];
    pendingNumbered = false;
  };

  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (!line) continue;
    const item = LIST_ITEM.exec(line);
    if (item?.[1]) {
      pendingItems.push(item[1].trim());
      if (NUMBERED_ITEM.test(line)) pendingNumbered = true;
      continue;
    }
    flushItems();
    header = undefined;
    const headerMatch = /^(.*?)[:：]\s*$/.exec(line);
    if (headerMatch) {
      const label = headerMatch[1]!.trim();
      header = {
        kind: RULES_HEADER.test(label) ? 'rules' : STEPS_HEADER.test(label) ? 'steps' : 'plain',
        ...(label ? { context: stripLeadIn(label) } : {}),
      };
      if (header.kind === 'plain') clauses.push(...readLine(label, workflows));
      continue;
    }
    clauses.push(...readLine(line, workflows));
  }
  flushItems();
  return { clauses, workflows };
}

function readLine(line: string, workflows: ReadWorkflow[]): ReadClause[] {
  const result: ReadClause[] = [];
  for (const clause of splitArrowSafe(line)) {
    const workflow = readArrowWorkflow(clause);
    if (workflow) workflows.push(workflow);
    else result.push({ kind: classifyClause(clause), text: clause });
  }
  return result;
}

// Sentence splitting would cut "a -> b. c" oddly; arrow lists are kept whole up to their end.
function splitArrowSafe(line: string): string[] {
  return ARROW.test(line) ? splitClauses(line.replace(/[;；]/g, ',')) : splitClauses(line);
}

function readArrowWorkflow(clause: string): ReadWorkflow | undefined {
  if (!ARROW.test(clause)) return undefined;
  const colon = /^(.{2,80}?)[:：]\s*(.+)$/.exec(clause);
  const context = colon ? stripLeadIn(colon[1]!.trim()) : undefined;
  const body = colon ? colon[2]! : clause;
  const steps = cleanSteps(body.split(ARROW));
  if (steps.length < 2) return undefined;
  const durable =
    (context !== undefined && STEPS_HEADER.test(context)) ||
    STEPS_HEADER.test(clause) ||
    steps.length >= 3;
  if (!durable) return undefined;
  return { ...(context ? { context } : {}), steps };
}

function cleanSteps(pieces: string[]): string[] {
  const steps: string[] = [];
  for (const piece of pieces) {
    const step = piece
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})\]°℃%]+$/gu, '')
      .replace(/^(?:then|and then|finally|first|next|先|再|然后|最后)\s*,?\s*/i, '')
      .trim();
    if (step.length < 2 || ACKNOWLEDGEMENT.test(step)) continue;
    steps.push(step);
    if (steps.length >= MAX_STEPS) break;
  }
  return steps;
}

/** The clause kinds present, for quick checks. */
export function hasKind(evidence: ReadEvidence, kind: ClauseKind): boolean {
  return evidence.clauses.some((clause) => clause.kind === kind);
}
