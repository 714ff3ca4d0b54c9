import { isValidSkillName, MAX_DESCRIPTION_LENGTH } from '../identity/identity';
import type { SkillDocument } from '../skill/skill';
import { canonicalInstructions } from './original-layout';
import {
  RESERVED_METADATA_KEYS,
  RESERVED_TOP_LEVEL_KEYS,
  SEMVER_PATTERN,
} from './skill-markdown-constants';

/**
 * Lists what stops `doc` from being written as a SKILL.md that passes the Agent Skills spec and
 * reads back unchanged. An empty list means valid. `normalizeSkillDocument` fixes every issue.
 *
 * @example
 * validateSkillDocument({ ...doc, name: 'Release Process' });
 * // ['name "Release Process" must be lowercase letters, digits and single hyphens, at most 64 chars']
 */
export function validateSkillDocument(doc: SkillDocument): string[] {
  if (typeof doc !== 'object' || doc === null) return ['document must be an object'];
  const issues: string[] = [];
  const text = (
    label: string,
    value: unknown,
    rules: { required?: boolean } = {},
  ): value is string => {
    if (typeof value !== 'string') {
      issues.push(`${label} must be a string`);
      return false;
    }
    if (rules.required && value === '') issues.push(`${label} must not be empty`);
    if (value !== value.trim()) issues.push(`${label} must not start or end with whitespace`);
    return true;
  };

  if (text('id', doc.id) && /\p{Cc}/u.test(doc.id))
    issues.push('id must be a single line without control characters');
  if (typeof doc.name !== 'string' || !isValidSkillName(doc.name)) {
    issues.push(
      `name ${JSON.stringify(String(doc.name).slice(0, 80))} must be lowercase letters, digits and single hyphens, at most 64 chars`,
    );
  }
  text('title', doc.title, { required: true });
  if (text('description', doc.description, { required: true })) {
    const length = [...doc.description].length;
    if (length > MAX_DESCRIPTION_LENGTH)
      issues.push(
        `description has ${length} characters; at most ${MAX_DESCRIPTION_LENGTH} are allowed`,
      );
  }
  if (text('version', doc.version, { required: true }) && !SEMVER_PATTERN.test(doc.version)) {
    issues.push(`version ${JSON.stringify(doc.version)} must be a semantic version such as 0.1.0`);
  }
  if (typeof doc.instructions !== 'string') issues.push('instructions must be a string');
  else {
    if (doc.instructions.includes('\0'))
      issues.push('instructions must not contain NUL characters');
    if (canonicalInstructions(doc.instructions) !== doc.instructions) {
      issues.push(
        'instructions must use LF line ends, not start with blank lines and not end with whitespace',
      );
    }
  }
  for (const field of ['tags', 'triggers'] as const) {
    const list = doc[field];
    if (!Array.isArray(list)) {
      issues.push(`${field} must be a list of strings`);
      continue;
    }
    for (const [index, item] of list.entries())
      text(`${field}[${index}]`, item, { required: true });
  }
  if (!Array.isArray(doc.examples)) issues.push('examples must be a list');
  else {
    doc.examples.forEach((example, index) => {
      if (typeof example !== 'object' || example === null)
        issues.push(`examples[${index}] must be an object`);
      else {
        if (typeof example.input !== 'string' || example.input.trim() === '')
          issues.push(`examples[${index}].input must be a non-empty string`);
        for (const key of ['output', 'notes'] as const) {
          if (example[key] !== undefined && typeof example[key] !== 'string')
            issues.push(`examples[${index}].${key} must be a string`);
        }
      }
    });
  }
  if (typeof doc.metadata !== 'object' || doc.metadata === null)
    issues.push('metadata must be an object of strings');
  else {
    for (const [key, value] of Object.entries(doc.metadata)) {
      if (RESERVED_METADATA_KEYS.has(key))
        issues.push(`metadata key "${key}" is reserved; use the document field instead`);
      if (typeof value !== 'string') issues.push(`metadata "${key}" must be a string`);
    }
  }
  if (typeof doc.extra !== 'object' || doc.extra === null) issues.push('extra must be an object');
  else {
    for (const [key, value] of Object.entries(doc.extra)) {
      if (RESERVED_TOP_LEVEL_KEYS.has(key))
        issues.push(`extra key "${key}" is reserved; use the document field instead`);
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
        issues.push(`extra "${key}" must be a YAML value`);
      }
    }
  }
  for (const field of ['createdAt', 'updatedAt'] as const) {
    if (doc[field] !== undefined) text(field, doc[field], { required: true });
  }
  return issues;
}
