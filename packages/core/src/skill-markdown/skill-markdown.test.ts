// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { readFileSync } from 'node:fs';
// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AutoSkillError } from '../errors/autoskill-error';
import { SkillParseError, SkillValidationError } from '../errors/errors';
import {
  MAX_SKILL_MD_BYTES,
  normalizeSkillDocument,
  parseSkillMarkdown,
  renderSkillMarkdown,
  validateSkillDocument,
} from '../index';
import type { SkillDocument } from '../skill/skill';
import { describeEachCorpus, skillFilesUnder } from '../test-support/shared-data';

function document(overrides: Partial<SkillDocument> = {}): SkillDocument {
  return {
    id: '7d0c8b7e-4a61-4c0a-9a57-2a1f1b9e9c11',
    name: 'release-checklist',
    title: 'Standard release process',
    description: 'Steps to cut a release. Use when the user asks to ship a version.',
    instructions: '1. Bump the version.\n2. Tag it.\n3. Publish.',
    version: '0.1.0',
    tags: ['release', 'deploy'],
    triggers: ['cut a release'],
    examples: [{ input: 'Ship 1.4.0', output: 'Done' }],
    metadata: {},
    extra: {},
    ...overrides,
  };
}

function parseError(text: string, path?: string): SkillParseError {
  try {
    parseSkillMarkdown(text, { path });
  } catch (error) {
    expect(AutoSkillError.hasCode(error, 'SKILL_PARSE_ERROR')).toBe(true);
    return error as SkillParseError;
  }
  throw new Error('expected a SkillParseError');
}

describe('renderSkillMarkdown', () => {
  it('writes the Agent Skills layout with string metadata and the instructions as body', () => {
    const text = renderSkillMarkdown(
      document({
        extra: { license: 'MIT', 'allowed-tools': 'Bash Read' },
        metadata: { zeta: 'z', author: 'me' },
        createdAt: '2026-11-20T10:00:00.000Z',
      }),
    );
    expect(text).toBe(
      [
        '---',
        "name: 'release-checklist'",
        "description: 'Steps to cut a release. Use when the user asks to ship a version.'",
        "license: 'MIT'",
        "allowed-tools: 'Bash Read'",
        'metadata:',
        "  id: '7d0c8b7e-4a61-4c0a-9a57-2a1f1b9e9c11'",
        "  title: 'Standard release process'",
        "  version: '0.1.0'",
        `  tags: '["release","deploy"]'`,
        `  triggers: '["cut a release"]'`,
        `  examples: '[{"input":"Ship 1.4.0","output":"Done"}]'`,
        "  created: '2026-11-20T10:00:00.000Z'",
        "  author: 'me'",
        "  zeta: 'z'",
        '---',
        '',
        '1. Bump the version.',
        '2. Tag it.',
        '3. Publish.',
        '',
      ].join('\n'),
    );
  });

  it('omits empty lists, the id when unassigned and the title when it equals the name', () => {
    const text = renderSkillMarkdown(
      document({
        id: '',
        title: 'release-checklist',
        tags: [],
        triggers: [],
        examples: [],
        instructions: '',
      }),
    );
    expect(text).toBe(
      "---\nname: 'release-checklist'\ndescription: 'Steps to cut a release. Use when the user asks to ship a version.'\nmetadata:\n  version: '0.1.0'\n---\n",
    );
  });

  it('is deterministic', () => {
    const doc = document({ metadata: { b: '2', a: '1' } });
    expect(renderSkillMarkdown(doc)).toBe(renderSkillMarkdown(structuredClone(doc)));
  });

  it('refuses documents that would break the spec and names every issue', () => {
    let thrown: unknown;
    try {
      renderSkillMarkdown(document({ name: 'Release Process', description: '' }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SkillValidationError);
    expect((thrown as SkillValidationError).issues).toEqual([
      'name "Release Process" must be lowercase letters, digits and single hyphens, at most 64 chars',
      'description must not be empty',
    ]);
  });
});

describe('round trip of hand-made documents with hostile strings', () => {
  const hostile = [
    'key: value # not a comment',
    "it's \"quoted\" and 'single'",
    '- leading dash',
    '--- three dashes',
    '...',
    '# hash first',
    '转成Word格式：标题、段落',
    'multi\nline\n\nwith blank line',
    'tab\there',
    'yes',
    'null',
    '0.10',
    '@at & *star !bang %pct |pipe >gt {brace} [bracket]',
    'emoji 🎉 and \u2028 line separator',
    'trailing backslash \\',
    '["looks","like","json"]',
    'a, b, c',
    '\u0007 bell \u001b escape',
  ];

  for (const [index, value] of hostile.entries()) {
    it(`keeps ${JSON.stringify(value)}`, () => {
      const doc = document({
        title: value.trim(),
        description: value.trim(),
        tags: [value.trim(), 'plain'],
        triggers: [value.trim()],
        examples: [{ input: value, output: value, notes: value }],
        metadata: { note: value, [`key ${index}: ${value.slice(0, 3)}`]: value },
        extra: { 'x-custom': value, list: [value, 1, true, null], nested: { deep: [value] } },
        instructions: `# ${value.trim()}\n\n## Prompt\n\n${value.trim()}\n\n## Triggers\n\n- ${value.trim()}`,
        createdAt: '2026-11-25T00:00:00Z',
        updatedAt: value.trim().replace(/\s+/g, ' '),
      });
      const normalized = normalizeSkillDocument(doc);
      expect(validateSkillDocument(normalized)).toEqual([]);
      expect(parseSkillMarkdown(renderSkillMarkdown(normalized))).toEqual(normalized);
    });
  }

  it('survives 300 random documents built from YAML indicators, quotes, CJK, emoji and control characters', () => {
    // Deterministic pseudo-random generator, so a failure is reproducible.
    let seed = 20261125;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pool = [
      ...': #-?*&!|>%@`\'"{}[],.~=\\\t\n\r ',
      'a',
      'Z',
      '0',
      '中',
      '文',
      'ä',
      'й',
      '🎉',
      '\u0000',
      '\u0007',
      '\u2028',
      '\uFEFF',
      '---',
      '...',
      '## Prompt',
      '# H',
    ];
    const text = (max: number) =>
      Array.from(
        { length: Math.floor(random() * max) },
        () => pool[Math.floor(random() * pool.length)],
      ).join('');
    for (let round = 0; round < 300; round++) {
      const doc = normalizeSkillDocument(
        document({
          id: text(20),
          name: text(30),
          title: text(30),
          description: text(80),
          instructions: text(200),
          version: random() < 0.5 ? '1.2.3' : text(6),
          tags: [text(10), text(10), text(10)],
          triggers: [text(20), text(20)],
          examples: [{ input: text(20), output: text(20), notes: text(5) }],
          metadata: { [text(8) || 'k']: text(20) },
          extra: { [text(8) || 'x']: random() < 0.5 ? text(20) : [text(5), { nested: text(5) }] },
          updatedAt: text(12),
        }),
      );
      expect(validateSkillDocument(doc), JSON.stringify(doc)).toEqual([]);
      expect(parseSkillMarkdown(renderSkillMarkdown(doc)), JSON.stringify(doc)).toEqual(doc);
    }
  });

  it('keeps instructions that look like the original layout byte for byte', () => {
    const instructions =
      '# Title\n\nDescription.\n\n## Prompt\n\n# Goal\nDo it.\n\n## Triggers\n\n- do it';
    const doc = document({ instructions });
    expect(parseSkillMarkdown(renderSkillMarkdown(doc)).instructions).toBe(instructions);
  });

  it('keeps leading spaces of the first body line and inner trailing spaces', () => {
    const instructions = '    indented code\nline with trailing spaces   \nend';
    expect(parseSkillMarkdown(renderSkillMarkdown(document({ instructions }))).instructions).toBe(
      instructions,
    );
  });
});

describeEachCorpus('round trip of every real SKILL.md', (corpus) => {
  it('parses, normalizes, renders and reads back every file', () => {
    const files = skillFilesUnder(corpus.root);
    expect(files.length).toBeGreaterThanOrEqual(corpus.minimumSkillFiles);
    let nulFiles = 0;
    let originalLayout = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const folderName = file.split('/').at(-2);
      if (text.includes('\0')) {
        nulFiles++;
        expect(() => parseSkillMarkdown(text, { path: file, folderName }), file).toThrow(
          SkillParseError,
        );
        continue;
      }
      const normalized = normalizeSkillDocument(
        parseSkillMarkdown(text, { path: file, folderName }),
      );
      expect(validateSkillDocument(normalized), file).toEqual([]);
      const rendered = renderSkillMarkdown(normalized);
      expect(parseSkillMarkdown(rendered, { path: file }), file).toEqual(normalized);
      expect(renderSkillMarkdown(parseSkillMarkdown(rendered)), file).toBe(rendered);
      if (/^## Prompt[ \t]*$/m.test(text)) {
        originalLayout++;
        expect(normalized.instructions, file).not.toMatch(/^## (Triggers|Prompt)[ \t]*$/m);
        expect(normalized.instructions.length, file).toBeGreaterThan(0);
      }
    }
    expect(nulFiles).toBeGreaterThanOrEqual(corpus.minimumNulFiles);
    // Every skillbank file uses the original layout; the agent skills do not.
    expect(originalLayout).toBe(
      skillFilesUnder(join(corpus.root, 'skillbank-dev')).length - nulFiles,
    );
  });

  it('keeps third-party skill bodies verbatim', () => {
    const file = join(corpus.root, 'agent-skills/skill-creator/SKILL.md');
    const text = readFileSync(file, 'utf8');
    const doc = parseSkillMarkdown(text, { path: file });
    const body = text.slice(text.indexOf('\n---', 3) + 5);
    expect(doc.name).toBe('skill-creator');
    expect(doc.instructions).toBe(body.replace(/^\n+/, '').trimEnd());
    expect(doc.id).toBe('52dc608b-1cb0-558a-9c04-27e5d9f00490');
  });
});

describe('parseSkillMarkdown', () => {
  it('does not share or cache objects between calls', () => {
    const text =
      '---\nname: cached\ndescription: Cached.\ntags: [a, b]\nx-custom:\n  list: [1]\n---\nBody\n';
    const first = parseSkillMarkdown(text);
    first.tags.push('mutated');
    (first.extra['x-custom'] as { list: number[] }).list.push(2);
    first.name = 'changed';
    const second = parseSkillMarkdown(text);
    expect(second.name).toBe('cached');
    expect(second.tags).toEqual(['a', 'b']);
    expect(second.extra).toEqual({ 'x-custom': { list: [1] } });
  });

  it('never runs the JavaScript frontmatter engine', () => {
    const text = '---js\n{ name: (globalThis.__autoskillPwned = true, "x") }\n---\nBody\n';
    const error = parseError(text);
    expect(error.message).toContain('the first line must be "---"');
    expect((globalThis as Record<string, unknown>).__autoskillPwned).toBeUndefined();
  });

  it('rejects custom YAML tags and bounds alias expansion', () => {
    expect(
      parseError('---\nname: !!js/function "function(){}"\ndescription: x\n---\n').message,
    ).toContain('not valid YAML');
    const bomb = [
      '---',
      'name: bomb',
      'description: x',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '---',
    ].join('\n');
    expect(parseError(bomb, 'bomb/SKILL.md').message).toContain('aliases');
  });

  it('reports duplicate keys with their line', () => {
    const error = parseError('---\nname: a\ndescription: x\nname: b\n---\n', 'dup/SKILL.md');
    expect(error.line).toBe(4);
    expect(error.message).toContain('dup/SKILL.md:4');
  });

  it('rejects an unclosed frontmatter and a "---" prefixed line inside it', () => {
    expect(parseError('---\nname: a\n').message).toContain('not closed');
    expect(parseError('---\nname: a\n---- x\ndescription: b\n---\n').line).toBe(3);
  });

  it('rejects files larger than MAX_SKILL_MD_BYTES', () => {
    const text = `---\nname: big\ndescription: x\n---\n${'字'.repeat(MAX_SKILL_MD_BYTES / 3 + 10)}`;
    expect(parseError(text).message).toContain(`at most ${MAX_SKILL_MD_BYTES}`);
  });

  it('rejects a metadata value that is not a mapping', () => {
    expect(parseError('---\nname: a\ndescription: b\nmetadata: [1]\n---\n').message).toContain(
      '"metadata" must be a mapping',
    );
  });

  it('reads tags and triggers from lists, JSON-array strings and comma-separated strings', () => {
    const doc = parseSkillMarkdown(
      '---\nname: lists\ndescription: x\nmetadata:\n  tags: a, b ,, c\n  triggers: \'["x, y", "z"]\'\n  examples: \'["just input", {"input": "i", "notes": "n"}, {"output": "no input"}]\'\n---\n',
    );
    expect(doc.tags).toEqual(['a', 'b', 'c']);
    expect(doc.triggers).toEqual(['x, y', 'z']);
    expect(doc.examples).toEqual([{ input: 'just input' }, { input: 'i', notes: 'n' }]);
  });

  it('reads an original-layout prompt kept in the frontmatter', () => {
    const doc = parseSkillMarkdown(
      '---\nid: "1"\nname: legacy\ndescription: x\nprompt: "Do the thing."\n---\n',
    );
    expect(doc.instructions).toBe('Do the thing.');
    expect(doc.extra).toEqual({});
  });

  it('turns a free-form name into a title and a slug name, using the folder name for non-ASCII titles', () => {
    const english = parseSkillMarkdown(
      '---\nname: Standard release process\ndescription: x\n---\n',
    );
    expect([english.name, english.title]).toEqual([
      'standard-release-process',
      'Standard release process',
    ]);
    const chinese = parseSkillMarkdown('---\nname: 政府报告撰写\ndescription: x\n---\n', {
      folderName: 'gov-report',
    });
    expect([chinese.name, chinese.title]).toEqual(['gov-report', '政府报告撰写']);
    const noFolder = parseSkillMarkdown('---\nname: 政府报告撰写\ndescription: x\n---\n');
    expect(noFolder.name).toMatch(/^skill-[0-9a-f]{8}$/);
    const fromFolder = parseSkillMarkdown('---\ndescription: x\n---\n', {
      folderName: 'from-folder',
    });
    expect(fromFolder.name).toBe('from-folder');
  });
});

describe('validateSkillDocument', () => {
  it('accepts a clean document and lists every problem of a broken one', () => {
    expect(validateSkillDocument(document())).toEqual([]);
    expect(
      validateSkillDocument(
        document({
          title: ' padded ',
          description: 'x'.repeat(1025),
          version: '1.0',
          instructions: '\nstarts blank\r\n',
          tags: ['ok', ''],
          metadata: { id: 'dup' },
          extra: { version: '2' },
        }),
      ),
    ).toEqual([
      'title must not start or end with whitespace',
      'description has 1025 characters; at most 1024 are allowed',
      'version "1.0" must be a semantic version such as 0.1.0',
      'instructions must use LF line ends, not start with blank lines and not end with whitespace',
      'tags[1] must not be empty',
      'metadata key "id" is reserved; use the document field instead',
      'extra key "version" is reserved; use the document field instead',
    ]);
  });
});

describe('normalizeSkillDocument', () => {
  it('caps and de-duplicates tags and triggers case-insensitively', () => {
    const tags = Array.from({ length: 240 }, (_, index) => ` Tag${index % 120} `);
    const triggers = [...Array.from({ length: 40 }, (_, index) => `trigger ${index}`), 'TRIGGER 1'];
    const doc = normalizeSkillDocument(
      document({ tags: ['Release', 'release', ' RELEASE', ...tags], triggers }),
    );
    expect(doc.tags).toEqual([
      'Release',
      ...Array.from({ length: 99 }, (_, index) => `Tag${index}`),
    ]);
    expect(doc.triggers).toHaveLength(16);
  });

  it('cuts long descriptions with an ellipsis, fills empty ones from the title and fixes versions', () => {
    const long = normalizeSkillDocument(document({ description: '长'.repeat(2000) }));
    expect([...long.description]).toHaveLength(1024);
    expect(long.description.endsWith('…')).toBe(true);
    expect(long.metadata['full-description']).toBe('长'.repeat(2000));
    expect(normalizeSkillDocument(document({ description: '  ' })).description).toBe(
      'Standard release process',
    );
    expect(normalizeSkillDocument(document({ version: '1.0' })).version).toBe('1.0.0');
    expect(normalizeSkillDocument(document({ version: 'latest' })).version).toBe('0.1.0');
    expect(normalizeSkillDocument(document({ version: 'v2.3.4' })).version).toBe('2.3.4');
  });

  it('makes names valid and drops reserved keys from metadata and extra', () => {
    const doc = normalizeSkillDocument(
      document({
        name: 'Release Process!',
        title: '',
        metadata: { version: '9.9.9', ok: 'yes' },
        extra: { tags: ['x'], license: 'MIT' },
      }),
    );
    expect(doc.name).toBe('release-process');
    expect(doc.title).toBe('Release Process!');
    expect(doc.metadata).toEqual({ ok: 'yes' });
    expect(doc.extra).toEqual({ license: 'MIT' });
    expect(validateSkillDocument(doc)).toEqual([]);
  });

  it('does not modify its input', () => {
    const input = document({ tags: ['a', 'A'] });
    const copy = structuredClone(input);
    normalizeSkillDocument(input);
    expect(input).toEqual(copy);
  });
});
