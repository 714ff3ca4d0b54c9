import { isValidSkillName, MAX_DESCRIPTION_LENGTH } from '@autoskill/core';
import { parseDocument } from 'yaml';

/** One problem of a SKILL.md text, with its place (character offsets). */
export interface SkillMdIssue {
  from: number;
  to: number;
  message: string;
}

/**
 * Checks a SKILL.md as the editor types: frontmatter present and valid YAML, `name` following
 * the Agent Skills rules, `description` present and not too long. The server checks again on save.
 */
export function validateSkillMd(text: string): SkillMdIssue[] {
  const open = /^---\r?\n/.exec(text);
  if (!open)
    return [
      {
        from: 0,
        to: Math.min(text.length, 3),
        message: 'SKILL.md must start with a "---" frontmatter block',
      },
    ];
  const closeMatch = /\r?\n---[ \t]*(\r?\n|$)/.exec(text.slice(open[0].length));
  if (!closeMatch)
    return [{ from: 0, to: 3, message: 'the frontmatter is not closed by a "---" line' }];
  const start = open[0].length;
  const yamlText = text.slice(start, start + closeMatch.index);
  const document = parseDocument(yamlText, { prettyErrors: false });
  const issues: SkillMdIssue[] = document.errors.map((error) => ({
    from: start + (error.pos[0] ?? 0),
    to: start + Math.max(error.pos[1] ?? 0, (error.pos[0] ?? 0) + 1),
    message: `bad YAML: ${error.message.split('\n')[0]}`,
  }));
  if (issues.length > 0) return issues;
  const data = document.toJS() as Record<string, unknown> | null;
  const whole = { from: 0, to: 3 };
  const at = (key: string) => {
    const index = yamlText.search(new RegExp(`^${key}\\s*:`, 'm'));
    return index < 0 ? whole : { from: start + index, to: start + index + key.length };
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return [{ ...whole, message: 'the frontmatter must be a YAML mapping (key: value lines)' }];
  if (typeof data.name !== 'string' || data.name.trim() === '')
    issues.push({ ...at('name'), message: 'missing "name"' });
  else if (!isValidSkillName(data.name))
    issues.push({
      ...at('name'),
      message: `name "${data.name}" must be lowercase letters, digits and single hyphens (at most 64)`,
    });
  if (typeof data.description !== 'string' || data.description.trim() === '')
    issues.push({ ...at('description'), message: 'missing "description"' });
  else if ([...data.description].length > MAX_DESCRIPTION_LENGTH)
    issues.push({
      ...at('description'),
      message: `description is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
    });
  return issues;
}
