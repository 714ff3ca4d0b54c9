// biome-ignore lint/correctness/noNodejsModules: tests read fixture files
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { describeEachCorpus, skillFilesUnder } from '../test-support/shared-data';
import { normalizeSkillDocument } from './normalize-skill-document';
import { parseSkillMarkdown } from './parse-skill-markdown';
import { renderSkillMarkdown, renderYaml, renderYamlDocument } from './render-skill-markdown';

function frontmatterOf(markdown: string): Record<string, unknown> {
  const block = markdown.slice(4, markdown.indexOf('\n---\n') + 1);
  const value = parseDocument(block).toJS() as Record<string, unknown>;
  expect(typeof value.name).toBe('string');
  return value;
}

describeEachCorpus('frontmatter writer on real skills', (corpus) => {
  it('writes every skill byte for byte as the general `yaml` document path does', () => {
    const files = skillFilesUnder(corpus.root);
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (text.includes('\0')) continue;
      const document = normalizeSkillDocument(parseSkillMarkdown(text));
      const frontmatter = frontmatterOf(renderSkillMarkdown(document));
      expect(renderYaml(frontmatter), file).toBe(renderYamlDocument(frontmatter));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(corpus.minimumSkillFiles - corpus.minimumNulFiles);
  });
});

describe('frontmatter writer', () => {
  it('agrees on quotes, odd keys, non-string values and control characters', () => {
    const cases: Record<string, unknown>[] = [
      { name: "it's", description: "a 'quoted' word", metadata: { version: '0.1.0' } },
      { name: 'x', description: '', metadata: { id: '' } },
      { name: 'x', description: ' leading space', metadata: { v: '1' } },
      { name: 'x', description: 'tab\there', metadata: { v: '1' } },
      { name: 'x', description: 'line\nbreak', metadata: { v: '1' } },
      { name: 'x', description: 'del\u007f and nel\u0085', metadata: { v: '1' } },
      { name: 'x', description: 'true', true: 'yes', metadata: { null: 'x' } },
      { name: 'x', 'odd key': 'v', metadata: { 'a:b': 'c', '1x': 'd' } },
      { name: 'x', license: 'MIT', allowed: ['a', 'b'], count: 3, metadata: { v: '1' } },
      { name: 'x', nested: { a: { b: 'c' } }, metadata: {} },
      { name: '# not a comment', description: '- not a list: {x}', metadata: { v: '* &a !t' } },
      { name: 'x', description: 'emoji 🚀 and 中文 and \u2028 separator', metadata: { v: '1' } },
    ];
    for (const value of cases)
      expect(renderYaml(value), JSON.stringify(value)).toBe(renderYamlDocument(value));
  });
});
