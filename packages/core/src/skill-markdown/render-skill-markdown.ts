import { Document, visit } from 'yaml';
import { SkillValidationError } from '../errors/errors';
import type { SkillDocument } from '../skill/skill';
import { RESERVED_METADATA_KEYS, RESERVED_TOP_LEVEL_KEYS } from './skill-markdown-constants';
import { validateSkillDocument } from './validate-skill-document';

/**
 * Renders a document as an Agent Skills SKILL.md: frontmatter `name`, `description`, the
 * preserved `extra` keys in their order, then `metadata` (string values only: `id`, `title` when
 * it differs from `name`, `version`, `tags`/`triggers`/`examples` as JSON-array strings,
 * `created`, `updated`, other keys sorted). The body is `instructions` plus one newline.
 * Output is deterministic and `parseSkillMarkdown(renderSkillMarkdown(doc))` equals `doc`.
 *
 * @throws SkillValidationError when `validateSkillDocument(doc)` reports issues; call
 *   `normalizeSkillDocument(doc)` first to make any parsed document writable.
 * @example
 * renderSkillMarkdown(normalizeSkillDocument({ ...doc, tags: ['release', 'deploy'] }));
 * // ---
 * // name: 'release-checklist'
 * // description: 'Steps to cut a release.'
 * // metadata:
 * //   version: '0.1.0'
 * //   tags: '["release","deploy"]'
 * // ---
 * //
 * // 1. Bump the version…
 */
export function renderSkillMarkdown(doc: SkillDocument): string {
  const issues = validateSkillDocument(doc);
  if (issues.length > 0) throw new SkillValidationError(issues);

  const metadata: Record<string, string> = {};
  if (doc.id !== '') metadata.id = doc.id;
  if (doc.title !== doc.name) metadata.title = doc.title;
  metadata.version = doc.version;
  if (doc.tags.length > 0) metadata.tags = JSON.stringify(doc.tags);
  if (doc.triggers.length > 0) metadata.triggers = JSON.stringify(doc.triggers);
  if (doc.examples.length > 0) metadata.examples = JSON.stringify(doc.examples.map(exampleRecord));
  if (doc.createdAt !== undefined) metadata.created = doc.createdAt;
  if (doc.updatedAt !== undefined) metadata.updated = doc.updatedAt;
  for (const key of Object.keys(doc.metadata).sort()) {
    if (!RESERVED_METADATA_KEYS.has(key)) metadata[key] = doc.metadata[key] as string;
  }

  const frontmatter: Record<string, unknown> = { name: doc.name, description: doc.description };
  for (const [key, value] of Object.entries(doc.extra)) {
    if (!RESERVED_TOP_LEVEL_KEYS.has(key)) frontmatter[key] = value;
  }
  frontmatter.metadata = metadata;

  const body = doc.instructions === '' ? '' : `\n${doc.instructions}\n`;
  return `---\n${renderYaml(frontmatter)}---\n${body}`;
}

/**
 * Single quotes for one-line strings; JSON-style double quotes for anything with control chars.
 * The common case (string values on simple lines, plain keys) is written directly: building a
 * `yaml` document costs more than the rest of a put. Exported for tests only.
 */
export function renderYaml(value: Record<string, unknown>): string {
  return renderSimpleYaml(value) ?? renderYamlDocument(value);
}

/** Same output as the `yaml` document path, for flat string maps only; undefined otherwise. */
function renderSimpleYaml(value: Record<string, unknown>): string | undefined {
  let out = '';
  for (const key in value) {
    const item = value[key];
    if (!isPlainKey(key)) return undefined;
    if (typeof item === 'string') {
      if (!isSimpleLine(item)) return undefined;
      out += `${key}: ${singleQuoted(item)}\n`;
    } else if (key === 'metadata' && typeof item === 'object' && item !== null) {
      const entries = Object.entries(item);
      if (entries.length === 0) return undefined;
      out += 'metadata:\n';
      for (const [metadataKey, text] of entries) {
        if (!isPlainKey(metadataKey) || typeof text !== 'string' || !isSimpleLine(text))
          return undefined;
        out += `  ${metadataKey}: ${singleQuoted(text)}\n`;
      }
    } else return undefined;
  }
  return out;
}

// A key YAML reads back as the same string when written plain (core schema): starts with a
// letter, no spaces or indicators, and not a boolean or null word.
const PLAIN_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
const NON_STRING_WORDS = /^(?:true|false|null)$/i;

function isPlainKey(key: string): boolean {
  return PLAIN_KEY.test(key) && !NON_STRING_WORDS.test(key);
}

function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The general path through the `yaml` document API (exported for tests only). */
export function renderYamlDocument(value: Record<string, unknown>): string {
  const document = new Document(value);
  visit(document, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      node.type = isSimpleLine(node.value) ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    },
  });
  return document.toString({
    lineWidth: 0,
    minContentWidth: 0,
    doubleQuotedAsJSON: true,
    defaultKeyType: 'PLAIN',
    indent: 2,
  });
}

function isSimpleLine(value: string): boolean {
  // Single-quoted YAML can hold anything except line breaks, tabs and other control chars.
  return !/[\p{Cc}\u2028\u2029\uFEFF]/u.test(value) && !/^\s|\s$/.test(value);
}

function exampleRecord(example: SkillDocument['examples'][number]): Record<string, string> {
  const record: Record<string, string> = { input: example.input };
  if (example.output !== undefined) record.output = example.output;
  if (example.notes !== undefined) record.notes = example.notes;
  return record;
}
