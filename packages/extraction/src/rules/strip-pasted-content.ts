const FENCE = /^\s*(?:```|~~~)/;
const QUOTE = /^\s*>/;
// "Translate this:", "Summarize the following:", "翻译下面这段：" — what follows is material, not instructions.
const MATERIAL_INTRO =
  /(?:\b(?:this|these|the following|below|here(?:'s| is)?|this text|this article|this email|this code)\s*[:：]\s*$)|(?:(?:以下|下面|如下)[^：:]{0,12}[:：]\s*$)/i;
// A first line that points at material ("请结合以下项目介绍进行修改", "improve the text below"):
// the lines after it are that material, colon or not.
const MATERIAL_LEAD =
  /(?:以下|下面|如下)|\b(?:the following|below)\s*(?:text|article|draft|code|email|introduction|intro|notes?)?\s*[.:：]?$/i;
// "请遵守以下规则" / "follow the steps below" announce the user's own rules, not material.
const ANNOUNCES_RULES =
  /规则|要求|规范|约束|步骤|流程|注意事项|\b(?:rules?|requirements?|constraints?|guidelines?|steps?|procedure|checklist)\b/i;
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
    const leadsToMaterial =
      kept.length === 0 && MATERIAL_LEAD.test(trimmed) && !ANNOUNCES_RULES.test(trimmed);
    if (MATERIAL_INTRO.test(trimmed) || leadsToMaterial) {
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
