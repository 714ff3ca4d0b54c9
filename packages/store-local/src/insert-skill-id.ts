import {
  normalizeSkillDocument,
  parseSkillMarkdown,
  renderSkillMarkdown,
  type SkillDocument,
} from '@autoskill/core';

/**
 * Adds `metadata.id` to a hand-written SKILL.md while keeping every other byte (comments, quoting,
 * body). Falls back to a full re-render only when the frontmatter shape does not allow a plain
 * line insert; the result is checked by parsing it again.
 */
export function insertSkillId(text: string, parsed: SkillDocument, id: string): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const close = lines.findIndex((line, index) => index > 0 && /^---[ \t]*$/.test(line));
  if (/^(\uFEFF)?---[ \t]*$/.test(lines[0] ?? '') && close > 0) {
    const metadataLine = lines.findIndex(
      (line, index) => index > 0 && index < close && /^metadata:[ \t]*$/.test(line),
    );
    const edited = [...lines];
    if (metadataLine > 0) {
      const indent = /^([ ]+)\S/.exec(lines[metadataLine + 1] ?? '')?.[1] ?? '  ';
      edited.splice(metadataLine + 1, 0, `${indent}id: '${id}'`);
    } else if (!lines.slice(1, close).some((line) => /^metadata:/.test(line))) {
      edited.splice(close, 0, 'metadata:', `  id: '${id}'`);
    }
    const candidate = edited.join(newline);
    if (candidate !== text && sameDocument(candidate, parsed, id)) return candidate;
  }
  return renderSkillMarkdown(normalizeSkillDocument({ ...parsed, id }));
}

function sameDocument(text: string, parsed: SkillDocument, id: string): boolean {
  try {
    const again = parseSkillMarkdown(text);
    return (
      again.id === id &&
      again.name === parsed.name &&
      again.description === parsed.description &&
      again.instructions === parsed.instructions &&
      again.version === parsed.version
    );
  } catch {
    return false;
  }
}
