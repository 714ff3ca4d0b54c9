import { InvalidArgumentError } from '../errors/errors';
import { isValidSkillName, MAX_DESCRIPTION_LENGTH, slugifySkillName } from '../identity/identity';
import type { SkillDocument, SkillExample } from '../skill/skill';
import { canonicalInstructions } from './original-layout';
import {
  DEFAULT_SKILL_VERSION,
  MAX_SKILL_EXAMPLES,
  MAX_SKILL_TAGS,
  MAX_SKILL_TRIGGERS,
  RESERVED_METADATA_KEYS,
  RESERVED_TOP_LEVEL_KEYS,
  SEMVER_PATTERN,
} from './skill-markdown-constants';

/**
 * Returns a copy of `doc` that `renderSkillMarkdown` accepts: a valid slug `name`, a trimmed
 * `title` (defaults to `name`), a description of at most 1024 characters (cut with "…"; empty →
 * title), tags and triggers trimmed, de-duplicated case-insensitively and capped (100 tags,
 * 16 triggers), a semantic version (`1.0` → `1.0.0`, else `0.1.0`), canonical instructions, string metadata.
 *
 * @example
 * normalizeSkillDocument({ ...doc, name: 'Standard release process', title: '' });
 * // { name: 'standard-release-process', title: 'Standard release process', … }
 */
/** Metadata key holding a description that was longer than the spec allows. */
export const FULL_DESCRIPTION_KEY = 'full-description';

export function normalizeSkillDocument(doc: SkillDocument): SkillDocument {
  if (typeof doc !== 'object' || doc === null)
    throw new InvalidArgumentError('skill document', 'must be an object');
  const rawName = cleanLine(doc.name);
  let title = cleanText(doc.title).trim();
  const name = isValidSkillName(rawName)
    ? rawName
    : slugifySkillName(title || rawName || cleanText(doc.description));
  if (title === '') title = rawName || name;
  let description = cleanText(doc.description).trim();
  if (description === '') description = title;
  const metadata = cleanMetadata(doc.metadata);
  const cut = cutDescription(description);
  // The spec caps descriptions at 1024 chars; the full text is kept so nothing is lost.
  if (cut !== description) metadata[FULL_DESCRIPTION_KEY] = description;
  description = cut;
  const versionText = completeVersion(cleanLine(doc.version).replace(/^v(?=\d)/, ''));

  const normalized: SkillDocument = {
    id: cleanLine(doc.id),
    name,
    title,
    description,
    instructions: canonicalInstructions(cleanText(doc.instructions)),
    version: SEMVER_PATTERN.test(versionText) ? versionText : DEFAULT_SKILL_VERSION,
    tags: cleanList(doc.tags, MAX_SKILL_TAGS),
    triggers: cleanList(doc.triggers, MAX_SKILL_TRIGGERS),
    examples: cleanExamples(doc.examples),
    metadata,
    extra: cleanExtra(doc.extra),
  };
  const createdAt = cleanLine(doc.createdAt);
  const updatedAt = cleanLine(doc.updatedAt);
  if (createdAt) normalized.createdAt = createdAt;
  if (updatedAt) normalized.updatedAt = updatedAt;
  return normalized;
}

function cleanText(value: unknown): string {
  return typeof value === 'string'
    ? value.replace(/\0/g, '')
    : typeof value === 'number'
      ? String(value)
      : '';
}

function cleanLine(value: unknown): string {
  return cleanText(value)
    .replace(/\p{Cc}+/gu, ' ')
    .trim();
}

/** `1` and `1.0` (common in third-party metadata) become `1.0.0`. */
function completeVersion(version: string): string {
  if (/^\d+$/.test(version)) return `${version}.0.0`;
  if (/^\d+\.\d+$/.test(version)) return `${version}.0`;
  return version;
}

function cutDescription(description: string): string {
  const characters = [...description];
  if (characters.length <= MAX_DESCRIPTION_LENGTH) return description;
  return `${characters
    .slice(0, MAX_DESCRIPTION_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

/** Trims items, collapses inner whitespace, drops empty ones and case-insensitive duplicates, caps the count. */
function cleanList(list: unknown, max: number): string[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const result: string[] = [];
  for (const item of list) {
    const text = cleanText(item).replace(/\s+/g, ' ').trim();
    const key = text.normalize('NFKC').toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(text);
    if (result.length >= max) break;
  }
  return result;
}

function cleanExamples(list: unknown): SkillExample[] {
  if (!Array.isArray(list)) return [];
  const result: SkillExample[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Partial<SkillExample>;
    const input = cleanText(record.input);
    if (input.trim() === '') continue;
    const example: SkillExample = { input };
    if (typeof record.output === 'string') example.output = cleanText(record.output);
    if (typeof record.notes === 'string') example.notes = cleanText(record.notes);
    result.push(example);
    if (result.length >= MAX_SKILL_EXAMPLES) break;
  }
  return result;
}

function cleanMetadata(metadata: unknown): Record<string, string> {
  if (typeof metadata !== 'object' || metadata === null) return {};
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key === '' || RESERVED_METADATA_KEYS.has(key) || value === undefined) continue;
    result[key] =
      typeof value === 'string'
        ? value
        : value === null
          ? ''
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
  }
  return Object.fromEntries(Object.entries(result));
}

function cleanExtra(extra: unknown): Record<string, unknown> {
  if (typeof extra !== 'object' || extra === null) return {};
  return Object.fromEntries(
    Object.entries(extra)
      .filter(
        ([key, value]) =>
          !RESERVED_TOP_LEVEL_KEYS.has(key) &&
          value !== undefined &&
          typeof value !== 'function' &&
          typeof value !== 'symbol',
      )
      .map(([key, value]) => [key, structuredClone(value)]),
  );
}
