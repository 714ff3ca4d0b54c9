import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';
import { ThemeContext, themeFor } from './theme';

const ANSWER = [
  '# Sales report',
  'Revenue grew **12%** (source: Q3 filing) and `churn` fell.',
  '',
  '1. Cite every number',
  '2. Keep it short',
  '   - nested item',
  '',
  '| Region | 销售额 |',
  '| --- | --- |',
  '| EU | 12 |',
  '',
  '```python',
  'print("hi")',
  '```',
].join('\n');

function frame(text: string, env: Record<string, string> = {}): string {
  const app = render(
    <ThemeContext.Provider value={themeFor(env)}>
      <Markdown text={text} width={60} />
    </ThemeContext.Provider>,
  );
  const output = app.lastFrame() ?? '';
  app.unmount();
  return output;
}

describe('Markdown in the terminal', () => {
  it('renders headings, inline styles, numbered and nested lists, CJK tables aligned, and framed code', () => {
    const output = frame(ANSWER);
    expect(output).toContain('Sales report');
    expect(output).not.toContain('# Sales');
    expect(output).toContain('Revenue grew 12% (source: Q3 filing) and `churn` fell.');
    expect(output).toMatch(/1\. Cite every number\n2\. Keep it short\n {3}• nested item/);
    // 销售额 is six columns wide: the rule under it is too.
    expect(output).toContain('Region │ 销售额\n───────┼───────\nEU     │ 12');
    expect(output).toMatch(/╭─+╮\n│ python +│\n│ print\("hi"\) +│\n╰─+╯/);
  });

  it('keeps single line breaks and writes no colour under NO_COLOR', () => {
    const output = frame('first line\nsecond line with `code`', { NO_COLOR: '1' });
    expect(output).toContain('first line\nsecond line');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour escapes
    expect(output).not.toMatch(/\u001B\[(3|4|9)\dm/);
  });
});
