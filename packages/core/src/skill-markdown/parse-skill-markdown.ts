// SKILL.md reading. The frontmatter is split here (first line "---", next "---" line closes it)
// and read with js-yaml 4 (core schema, unique keys, bounded aliases). No gray-matter: it would
// split the text a second time, needs Node's Buffer and bundles js-yaml 3 (advisory
// GHSA-h67p-54hq-rp68). See docs/decisions/2026-12-01-frontmatter-parser.md.
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { InvalidArgumentError, SkillParseError } from '../errors/errors';
import { isValidSkillName, slugifySkillName } from '../identity/identity';
import type { SkillDocument } from '../skill/skill';
import { canonicalInstructions, readOriginalLayoutBody } from './original-layout';
import { optionalText, readExamples, readStringList } from './skill-fields';
import { DEFAULT_SKILL_VERSION, MAX_SKILL_MD_BYTES } from './skill-markdown-constants';

export interface ParseSkillMarkdownOptions {
  /** Where the text came from; only used in error messages. */
  path?: string;
  /** Name of the folder holding the SKILL.md; used as `name` when the frontmatter has none usable. */
  folderName?: string;
}

const DELIMITER = /^---[ \t]*$/;
const MAX_YAML_ALIASES = 100;
/** Most nodes that aliases may add (a real frontmatter reuses a list, it does not multiply it). */
const MAX_YAML_ALIAS_NODES = 10_000;
const EXAMPLE =
  'e.g.\n---\nname: release-checklist\ndescription: Steps to cut a release. Use when the user asks to ship a version.\n---';

/**
 * Parses a SKILL.md into a `SkillDocument`. Reads three layouts: AutoSkill's own (Agent Skills
 * frontmatter with string `metadata`), the original Python AutoSkill layout (top-level
 * id/version/tags/triggers and a `## Prompt` body) and third-party Agent Skills (body kept verbatim).
 * Accepts a BOM, CRLF line ends and trailing spaces. Never returns a shared object.
 *
 * @throws SkillParseError when there is no frontmatter, the YAML is broken or not a mapping,
 *   the text holds a NUL byte or is larger than `MAX_SKILL_MD_BYTES`, or no name can be found.
 * @example
 * const doc = parseSkillMarkdown('---\nname: greet\ndescription: Say hi.\n---\nSay hi politely.\n');
 * // doc.name === 'greet', doc.instructions === 'Say hi politely.', doc.version === '0.1.0'
 */
export function parseSkillMarkdown(
  text: string,
  options: ParseSkillMarkdownOptions = {},
): SkillDocument {
  if (typeof text !== 'string') throw new InvalidArgumentError('SKILL.md text', 'must be a string');
  const path = options.path;
  assertSize(text, path);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    throw new SkillParseError('SKILL.md contains a NUL byte (binary data); expected UTF-8 text', {
      path,
      line: lineOf(text, nul),
    });
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  if (!DELIMITER.test(lines[0] ?? '')) {
    throw new SkillParseError(
      `SKILL.md has no frontmatter: the first line must be "---", ${EXAMPLE}`,
      { path, line: 1 },
    );
  }
  const close = lines.findIndex((line, index) => index > 0 && DELIMITER.test(line));
  if (close === -1) {
    throw new SkillParseError(
      `SKILL.md frontmatter is not closed: expected a "---" line after it, ${EXAMPLE}`,
      {
        path,
        line: 1,
      },
    );
  }
  const block = lines.slice(1, close).join('\n');
  const body = lines.slice(close + 1).join('\n');
  const dashed = lines.slice(1, close).findIndex((line) => line.startsWith('---'));
  if (dashed !== -1) {
    // Other frontmatter readers (gray-matter among them) would end the frontmatter at this line.
    throw new SkillParseError(
      'SKILL.md frontmatter has a line starting with "---"; indent or quote that value',
      {
        path,
        line: dashed + 2,
      },
    );
  }
  const data = parseYaml(`\n${block}`, path);
  return buildDocument(assertMapping(data, path), body, options);
}

function assertSize(text: string, path: string | undefined): void {
  if (text.length * 3 <= MAX_SKILL_MD_BYTES) return;
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_SKILL_MD_BYTES) {
    throw new SkillParseError(
      `SKILL.md is ${bytes} bytes; at most ${MAX_SKILL_MD_BYTES} are accepted`,
      { path },
    );
  }
}

function assertMapping(data: unknown, path: string | undefined): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SkillParseError(
      `SKILL.md frontmatter must be a mapping of keys to values, ${EXAMPLE}`,
      {
        path,
        line: 2,
      },
    );
  }
  return data as Record<string, unknown>;
}

/**
 * YAML 1.2 core schema: no custom tags, no `!!js`, no timestamps or merge keys, unique keys,
 * bounded aliases. js-yaml because it parses skill frontmatter about nine times faster than
 * `yaml` (which still renders: its document API controls the output style). Exported for tests
 * only (not part of the package index).
 */
export function parseYaml(source: string, path: string | undefined): unknown {
  let value: unknown;
  try {
    value = load(source, { schema: CORE_SCHEMA, filename: path });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // `source` starts with the newline after the opening "---", so its line N (0-based) is file
    // line N + 1 (1-based).
    const line = error.mark ? error.mark.line + 1 : undefined;
    throw new SkillParseError(
      `SKILL.md frontmatter is not valid YAML: ${error.reason}. Expected "key: value" lines, ${EXAMPLE}`,
      { path, line, cause: error },
    );
  }
  if (aliasExpansion(value) === undefined)
    throw new SkillParseError('SKILL.md frontmatter uses too many YAML aliases', { path });
  return value ?? {};
}

/**
 * js-yaml shares aliased collections by reference; a few lines can then stand for billions of
 * nodes once copied or rendered. Returns the number of nodes aliases add, or undefined when
 * there are too many alias uses, they add too much, or they form a cycle.
 */
function aliasExpansion(root: unknown): number | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let aliasUses = 0;
  let added = 0;
  const sizeOf = (node: unknown): number | undefined => {
    if (typeof node !== 'object' || node === null) return 1;
    const known = sizes.get(node);
    if (known !== undefined) {
      aliasUses++;
      added += known;
      return aliasUses > MAX_YAML_ALIASES || added > MAX_YAML_ALIAS_NODES ? undefined : known;
    }
    if (open.has(node)) return undefined;
    open.add(node);
    let size = 1;
    for (const child of Object.values(node)) {
      const childSize = sizeOf(child);
      if (childSize === undefined) return undefined;
      size += childSize;
    }
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  return sizeOf(root) === undefined ? undefined : added;
}

function buildDocument(
  data: Record<string, unknown>,
  body: string,
  options: ParseSkillMarkdownOptions,
): SkillDocument {
  const path = options.path;
  const metadataValue = data.metadata;
  const hasMetadata =
    typeof metadataValue === 'object' && metadataValue !== null && !Array.isArray(metadataValue);
  if (metadataValue !== undefined && metadataValue !== null && !hasMetadata) {
    throw new SkillParseError(
      'SKILL.md "metadata" must be a mapping of strings, e.g.\nmetadata:\n  author: me',
      { path },
    );
  }
  const metadataIn = hasMetadata ? (metadataValue as Record<string, unknown>) : {};
  const consumed = new Set<string>(['name', 'description', 'metadata']);
  /** A field from `metadata`, else from the first present top-level key (which is then consumed). */
  const field = (metadataKey: string, ...topKeys: string[]): unknown => {
    if (metadataIn[metadataKey] !== undefined) return metadataIn[metadataKey];
    for (const key of topKeys) {
      if (data[key] !== undefined && data[key] !== null) {
        consumed.add(key);
        return data[key];
      }
    }
    return undefined;
  };

  const id = optionalText(field('id', 'id', 'skill_id'))?.trim() ?? '';
  const version = optionalText(field('version', 'version'))?.trim() || DEFAULT_SKILL_VERSION;
  const tags = readStringList(field('tags', 'tags', 'tag'));
  const triggers = readStringList(field('triggers', 'triggers', 'trigger'));
  const examples = readExamples(field('examples', 'examples'));
  const titleField = optionalText(field('title', 'title'))?.trim() || undefined;
  const createdAt = optionalText(metadataIn.created)?.trim() || undefined;
  const updatedAt = optionalText(metadataIn.updated)?.trim() || undefined;

  const looksOriginal =
    !hasMetadata && ['id', 'version', 'tags', 'triggers'].some((key) => data[key] !== undefined);
  const original = looksOriginal ? readOriginalLayoutBody(body) : undefined;
  let instructions = original ? original.instructions : canonicalInstructions(body);
  if (instructions === '' && !hasMetadata) {
    // The original parser also read the prompt from frontmatter `prompt` / `instructions`.
    for (const key of ['prompt', 'instructions']) {
      if (typeof data[key] === 'string' && data[key].trim() !== '') {
        instructions = canonicalInstructions(data[key]);
        consumed.add(key);
        break;
      }
    }
  }

  const { name, title } = resolveName(
    optionalText(data.name)?.trim() || original?.title?.trim() || '',
    titleField,
    options,
  );
  const description = optionalText(data.description)?.trim() || original?.description || '';

  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadataIn)) {
    if (
      ['id', 'title', 'version', 'tags', 'triggers', 'examples', 'created', 'updated'].includes(key)
    )
      continue;
    metadata[key] = metadataText(value);
  }
  const extra = Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => !consumed.has(key))
      .map(([key, value]) => [key, structuredClone(value)]),
  );

  const document: SkillDocument = {
    id,
    name,
    title,
    description,
    instructions,
    version,
    tags,
    triggers,
    examples,
    metadata,
    extra,
  };
  if (createdAt) document.createdAt = createdAt;
  if (updatedAt) document.updatedAt = updatedAt;
  return document;
}

/** Valid Agent Skills names are kept; any other name becomes the title and is slugified. */
function resolveName(
  rawName: string,
  titleField: string | undefined,
  options: ParseSkillMarkdownOptions,
): { name: string; title: string } {
  const folderName = isValidSkillName(options.folderName) ? options.folderName : undefined;
  if (rawName === '') {
    if (folderName) return { name: folderName, title: titleField ?? folderName };
    throw new SkillParseError(
      'SKILL.md has no name: expected a "name" in the frontmatter, e.g.\n---\nname: release-checklist\ndescription: …\n---',
      { path: options.path, line: 1 },
    );
  }
  if (isValidSkillName(rawName)) return { name: rawName, title: titleField ?? rawName };
  const hasAscii = /[A-Za-z0-9]/.test(rawName);
  const name = !hasAscii && folderName ? folderName : slugifySkillName(rawName);
  return { name, title: titleField ?? rawName };
}

function metadataText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return optionalText(value) ?? JSON.stringify(value);
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (
    let position = text.indexOf('\n');
    position !== -1 && position < index;
    position = text.indexOf('\n', position + 1)
  ) {
    line++;
  }
  return line;
}
