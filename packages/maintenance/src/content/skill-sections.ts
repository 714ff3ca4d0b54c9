/** The kind of a SKILL.md instructions section, by its heading. */
export type SectionKind = 'preamble' | 'goal' | 'constraints' | 'workflow' | 'other';

export interface Section {
  kind: SectionKind;
  /** The heading line as written (`# Constraints & Style`); absent for the preamble. */
  heading?: string;
  /** Body lines, without the heading. */
  lines: string[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const ITEM = /^\s*(?:[-*•+]|\d{1,3}[.)、])\s+(.*\S)\s*$/;

function kindOf(title: string): SectionKind {
  const text = title.toLowerCase();
  if (/\bgoal|objective|purpose|目标|目的/.test(text)) return 'goal';
  if (/constraint|rule|style|requirement|guideline|polic|约束|要求|规则|规范/.test(text))
    return 'constraints';
  if (/workflow|steps?\b|procedure|process|流程|步骤|规程/.test(text)) return 'workflow';
  return 'other';
}

/** Splits instructions into sections at Markdown headings (fenced code is never split). */
export function parseSections(markdown: string): Section[] {
  const sections: Section[] = [{ kind: 'preamble', lines: [] }];
  let fenced = false;
  for (const line of markdown.replace(/\r\n/g, '\n').split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : HEADING.exec(line);
    if (heading) sections.push({ kind: kindOf(heading[2]!), heading: line.trim(), lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  for (const section of sections) trimBlankLines(section.lines);
  return sections.filter((section) => section.kind !== 'preamble' || section.lines.length > 0);
}

/** Renders sections back to Markdown, one blank line between sections. */
export function renderSections(sections: Section[]): string {
  return sections
    .map((section) =>
      [section.heading, ...section.lines]
        .filter((line) => line !== undefined)
        .join('\n')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
}

/** The text of a list item line (`- x`, `1. x`), or undefined. */
export function itemText(line: string): string | undefined {
  return ITEM.exec(line)?.[1];
}

/** Every rule-like line of a section: list items, or non-empty plain lines. */
export function sectionItems(section: Section): string[] {
  return section.lines
    .map((line) => itemText(line) ?? line.trim())
    .filter((line) => line.length > 0);
}

/** Rule lines of every constraints section. */
export function constraintItems(markdown: string): string[] {
  return parseSections(markdown)
    .filter((section) => section.kind === 'constraints')
    .flatMap(sectionItems);
}

function trimBlankLines(lines: string[]): void {
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
}
