// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { describeEachCorpus, skillFilesUnder } from '../test-support/shared-data';
import { parseYaml } from './parse-skill-markdown';

// Frontmatter is read with js-yaml (fast) and written with `yaml`. This pins that the reader
// gives what `yaml` itself would read with the settings it used before: YAML 1.2 core schema,
// no merge keys, unique keys.
function readWithYamlPackage(block: string): unknown {
  const document = parseDocument(block, {
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    merge: false,
  });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) throw problem;
  return document.toJS() ?? {};
}

function frontmatter(text: string): string {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const close = lines.findIndex((line, index) => index > 0 && /^---[ \t]*$/.test(line));
  return lines.slice(1, close).join('\n');
}

function parsedValues(text: string): unknown {
  return parseYaml(`\n${frontmatter(text)}`, undefined);
}

describeEachCorpus('frontmatter YAML engine on real skills', (corpus) => {
  it('reads every frontmatter exactly as the `yaml` package does', () => {
    const files = skillFilesUnder(corpus.root);
    expect(files.length).toBeGreaterThanOrEqual(corpus.minimumSkillFiles);
    let compared = 0;
    let refused = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('\0')) continue;
      let expected: unknown;
      try {
        expected = readWithYamlPackage(frontmatter(text));
      } catch {
        // Broken on purpose: refused by both.
        expect(() => parsedValues(text), file).toThrow('not valid YAML');
        refused++;
        continue;
      }
      expect(parsedValues(text), file).toEqual(expected);
      compared++;
    }
    expect(compared + refused).toBeGreaterThanOrEqual(
      corpus.minimumSkillFiles - corpus.minimumNulFiles,
    );
  });
});

describe('frontmatter YAML engine', () => {
  it('keeps YAML 1.2 core scalars: dates, yes/no and merge keys stay as written', () => {
    const block = [
      'created: 2024-01-02',
      'flag: yes',
      'off: no',
      'octal: 0o17',
      'hex: 0x1F',
      'float: 1.5e3',
      'nothing: ~',
      'truth: true',
      'base: &base { a: 1 }',
      'merged: { <<: *base, b: 2 }',
      'text: "line\\nbreak"',
      'folded: >-',
      '  one',
      '  two',
    ].join('\n');
    expect(parsedValues(`---\n${block}\n---\n`)).toEqual(readWithYamlPackage(block));
    expect(parsedValues(`---\n${block}\n---\n`)).toMatchObject({
      created: '2024-01-02',
      flag: 'yes',
      octal: 15,
      merged: { '<<': { a: 1 }, b: 2 },
    });
  });

  it('refuses what `yaml` refused: duplicate keys, custom tags, broken indentation, open quotes', () => {
    const broken = [
      'name: a\nname: b',
      'name: !!js/function "function(){}"',
      'name: !custom x',
      'list:\n  - a\n - b',
      'name: "open',
      'a: b: c',
      '\tname: tabbed',
    ];
    for (const block of broken) {
      expect(() => readWithYamlPackage(block), block).toThrow();
      expect(() => parsedValues(`---\n${block}\n---\n`), block).toThrow('not valid YAML');
    }
  });
});
