/**
 * Splits one line of user text into clauses: at sentence ends (`.`, `!`, `?`, `。`, `！`, `？`)
 * and at semicolons, but not inside decimals ("37.5 °C"), abbreviations ("e.g.") or arrow lists.
 */
export function splitClauses(line: string): string[] {
  const clauses: string[] = [];
  let current = '';
  const characters = Array.from(line);
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index]!;
    current += character;
    if (isBreak(characters, index, current)) {
      pushClause(clauses, current);
      current = '';
    }
  }
  pushClause(clauses, current);
  return clauses;
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|approx|dr|mr|mrs|ms|no|fig|eq)\.$/i;

function isBreak(characters: string[], index: number, current: string): boolean {
  const character = characters[index]!;
  if ('。！？；;'.includes(character)) return true;
  if (!'.!?'.includes(character)) return false;
  const next = characters[index + 1];
  // Only break before whitespace or the end: keeps "37.5", "v1.2.3", "example.com".
  if (next !== undefined && !/\s/.test(next)) return false;
  if (character === '.' && ABBREVIATIONS.test(current)) return false;
  return true;
}

function pushClause(clauses: string[], text: string): void {
  const trimmed = text
    .trim()
    .replace(/[;；,，]+$/, '')
    .trim();
  if (/[\p{L}\p{N}]/u.test(trimmed)) clauses.push(trimmed);
}
