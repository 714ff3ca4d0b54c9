const FENCE = /^\s*(?:```|~~~)/;
const QUOTE = /^\s*>/;
// "Translate this:", "Summarize the following:", "翻译下面这段：" — what follows is material, not instructions.
const MATERIAL_INTRO =
  /(?:\b(?:this|these|the following|below|here(?:'s| is)?|this text|this article|this email|this code)\s*[:：]\s*$)|(?:(?:以下|下面|如下)[^：:]{0,12}[:：]\s*$)/i;
const MAX_CLAUSE_LENGTH = 300;
const LONG_MESSAGE = 1500;
const EDGE_LINES = 3;

/**
 * Removes material the user pasted for the assistant to work on, so rules are read only from
 * what the user says: fenced code, quoted lines, everything after "… this:" / "以下…：", and the
 * middle of very long messages (instructions sit at their start or end). Overlong lines go too.
 */
export function stripPastedContent(text: string): string {
  const kept: string[] = [];
  let fenced = false;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (FENCE.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || QUOTE.test(line)) continue;
    const trimmed = line.trim();
    if (MATERIAL_INTRO.test(trimmed)) {
      kept.push(trimmed.replace(/[:：]\s*$/, ''));
      break;
    }
    if (
      trimmed.length > MAX_CLAUSE_LENGTH &&
      !/[.!?。！？;；]/.test(trimmed.slice(0, MAX_CLAUSE_LENGTH))
    )
      continue;
    kept.push(line);
  }
  const lines = kept.filter((line) => line.trim());
  if (text.length > LONG_MESSAGE && lines.length > EDGE_LINES * 2) {
    return [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)].join('\n');
  }
  return lines.join('\n');
}
