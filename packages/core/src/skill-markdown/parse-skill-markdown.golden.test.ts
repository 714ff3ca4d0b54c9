// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoSkillError } from '../errors/autoskill-error';
import { SkillParseError } from '../errors/errors';
import { normalizeSkillDocument } from './normalize-skill-document';
import type { ParseSkillMarkdownOptions } from './parse-skill-markdown';
import { parseSkillMarkdown } from './parse-skill-markdown';
import { renderSkillMarkdown } from './render-skill-markdown';

// Each case folder holds SKILL.md, expected.json ({document} or {error}) and optionally
// options.json. Regenerate after a deliberate format change with UPDATE_GOLDEN=1, then review the diff.
const fixtures = join(import.meta.dirname, '__fixtures__');
const cases = readdirSync(fixtures).sort();

interface Expected {
  document?: unknown;
  error?: { name: string; line?: number; messageIncludes: string };
}

function run(text: string, options: ParseSkillMarkdownOptions): Expected {
  try {
    return { document: parseSkillMarkdown(text, options) };
  } catch (error) {
    if (!(error instanceof SkillParseError)) throw error;
    return {
      error: {
        name: error.name,
        line: error.line,
        messageIncludes: error.message.split(/[:,(]/)[0] ?? '',
      },
    };
  }
}

describe('parseSkillMarkdown golden files', () => {
  it('has the expected cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(13);
  });

  for (const name of cases) {
    it(name, () => {
      const directory = join(fixtures, name);
      const text = readFileSync(join(directory, 'SKILL.md'), 'utf8');
      const optionsFile = join(directory, 'options.json');
      const options: ParseSkillMarkdownOptions = {
        path: `${name}/SKILL.md`,
        ...(existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')).options : {}),
      };
      const actual = run(text, options);
      const expectedFile = join(directory, 'expected.json');
      if (process.env.UPDATE_GOLDEN === '1')
        writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
      if (expected.error) {
        let thrown: unknown;
        try {
          parseSkillMarkdown(text, options);
        } catch (error) {
          thrown = error;
        }
        expect(AutoSkillError.hasCode(thrown, 'SKILL_PARSE_ERROR')).toBe(true);
        const error = thrown as SkillParseError;
        expect(error.name).toBe(expected.error.name);
        expect(error.message).toContain(expected.error.messageIncludes);
        expect(error.message).toContain(options.path);
        expect(error.path).toBe(options.path);
        expect(error.line).toBe(expected.error.line);
        return;
      }
      expect(actual.document).toEqual(expected.document);
      const normalized = normalizeSkillDocument(actual.document as never);
      expect(parseSkillMarkdown(renderSkillMarkdown(normalized))).toEqual(normalized);
    });
  }
});

describe('parseSkillMarkdown without Buffer (browsers)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('gives the same result or error for every fixture', () => {
    const inputs = cases.map((name) => {
      const directory = join(fixtures, name);
      const optionsFile = join(directory, 'options.json');
      const options: ParseSkillMarkdownOptions = {
        path: `${name}/SKILL.md`,
        ...(existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')).options : {}),
      };
      return { text: readFileSync(join(directory, 'SKILL.md'), 'utf8'), options };
    });
    const withBuffer = inputs.map(({ text, options }) => run(text, options));
    vi.stubGlobal('Buffer', undefined);
    const withoutBuffer = inputs.map(({ text, options }) => run(text, options));
    vi.unstubAllGlobals();
    expect(withoutBuffer).toEqual(withBuffer);
    expect(withBuffer.filter((result) => result.document).length).toBeGreaterThan(5);
  });
});
