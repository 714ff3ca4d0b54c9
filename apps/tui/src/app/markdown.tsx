/** @jsxRuntime automatic */
// (the pragma: `pnpm autoskill` runs this source through tsx, which reads no package tsconfig)
import { Box, Text } from 'ink';
import { marked, type Token, type Tokens } from 'marked';
import type { ReactNode } from 'react';
import { displayWidth, padToWidth } from './display-width';
import { type Theme, useTheme } from './theme';

/** Markdown as Ink elements: headings, paragraphs, lists, code blocks, quotes, tables, rules. */
export function Markdown({ text, width }: { text: string; width: number }): ReactNode {
  const theme = useTheme();
  // breaks: a single newline stays a line break (answers rely on them in a terminal).
  const tokens = marked.lexer(text, { gfm: true, breaks: true });
  // A blank line between blocks, as Markdown reads; lists and quotes inside stay compact.
  return (
    <Box flexDirection="column" rowGap={1}>
      {blocks(tokens, theme, Math.max(20, width))}
    </Box>
  );
}

function blocks(tokens: Token[], theme: Theme, width: number): ReactNode[] {
  return keyed(tokens, (token, key) => block(token, theme, width, key)).filter(Boolean);
}

/** Renders each token with a key made of its place (tokens have no identity of their own). */
function keyed(tokens: Token[], render: (token: Token, key: string) => ReactNode): ReactNode[] {
  const nodes: ReactNode[] = [];
  for (const token of tokens) nodes.push(render(token, `${token.type}-${nodes.length}`));
  return nodes;
}

function block(token: Token, theme: Theme, width: number, key: string): ReactNode {
  switch (token.type) {
    case 'space':
      return null;
    case 'heading': {
      const heading = token as Tokens.Heading;
      return (
        <Text key={key} bold color={theme.accent}>
          {inline(heading.tokens, theme)}
        </Text>
      );
    }
    case 'paragraph':
      return <Text key={key}>{inline((token as Tokens.Paragraph).tokens, theme)}</Text>;
    case 'text': {
      const text = token as Tokens.Text;
      return <Text key={key}>{text.tokens ? inline(text.tokens, theme) : text.text}</Text>;
    }
    case 'code': {
      const code = token as Tokens.Code;
      return (
        <Box
          key={key}
          flexDirection="column"
          borderStyle="round"
          borderColor={theme.muted}
          paddingX={1}
        >
          {code.lang ? <Text color={theme.muted}>{code.lang}</Text> : null}
          <Text color={theme.code}>{code.text}</Text>
        </Box>
      );
    }
    case 'list':
      return <ListBlock key={key} list={token as Tokens.List} theme={theme} width={width} />;
    case 'blockquote':
      return (
        <Box
          key={key}
          borderStyle="single"
          borderLeft
          borderRight={false}
          borderTop={false}
          borderBottom={false}
          borderColor={theme.muted}
          paddingLeft={1}
          flexDirection="column"
        >
          {blocks((token as Tokens.Blockquote).tokens, theme, width - 2)}
        </Box>
      );
    case 'hr':
      return (
        <Text key={key} color={theme.muted}>
          {'─'.repeat(Math.min(width, 60))}
        </Text>
      );
    case 'table':
      return <TableBlock key={key} table={token as Tokens.Table} theme={theme} />;
    default:
      return 'raw' in token ? <Text key={key}>{String(token.raw).trimEnd()}</Text> : null;
  }
}

function ListBlock({
  list,
  theme,
  width,
}: {
  list: Tokens.List;
  theme: Theme;
  width: number;
}): ReactNode {
  const start = typeof list.start === 'number' ? list.start : 1;
  return (
    <Box flexDirection="column">
      {list.items.map((item, index) => {
        const marker = item.task
          ? item.checked
            ? '[x] '
            : '[ ] '
          : list.ordered
            ? `${start + index}. `
            : '• ';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity but their place
          <Box key={index} flexDirection="row">
            <Text color={theme.accent}>{marker}</Text>
            <Box flexDirection="column" flexShrink={1}>
              {blocks(item.tokens, theme, width - marker.length)}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

function TableBlock({ table, theme }: { table: Tokens.Table; theme: Theme }): ReactNode {
  const cell = (value: Tokens.TableCell) => value.text;
  const rows = [table.header.map(cell), ...table.rows.map((row) => row.map(cell))];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column] ?? '')))) ??
    [];
  const line = (row: string[]) =>
    row.map((value, column) => padToWidth(value, widths[column] ?? 0)).join(' │ ');
  return (
    <Box flexDirection="column">
      <Text bold>{line(rows[0] ?? [])}</Text>
      <Text color={theme.muted}>{widths.map((size) => '─'.repeat(size)).join('─┼─')}</Text>
      {rows.slice(1).map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: table rows have no identity but their place
        <Text key={index}>{line(row)}</Text>
      ))}
    </Box>
  );
}

/** Inline Markdown (bold, italics, code, links) as nested Text. */
function inline(tokens: Token[] | undefined, theme: Theme): ReactNode[] {
  return keyed(tokens ?? [], (token, key) => {
    switch (token.type) {
      case 'strong':
        return (
          <Text key={key} bold>
            {inline((token as Tokens.Strong).tokens, theme)}
          </Text>
        );
      case 'em':
        return (
          <Text key={key} italic>
            {inline((token as Tokens.Em).tokens, theme)}
          </Text>
        );
      case 'del':
        return (
          <Text key={key} strikethrough>
            {inline((token as Tokens.Del).tokens, theme)}
          </Text>
        );
      case 'codespan':
        return (
          <Text key={key} color={theme.code}>
            {`\`${(token as Tokens.Codespan).text}\``}
          </Text>
        );
      case 'link': {
        const link = token as Tokens.Link;
        return (
          <Text key={key} underline color={theme.accent}>
            {inline(link.tokens, theme)}
            {link.text === link.href ? '' : ` (${link.href})`}
          </Text>
        );
      }
      case 'br':
        return '\n';
      case 'text': {
        const text = token as Tokens.Text;
        return text.tokens ? (
          <Text key={key}>{inline(text.tokens, theme)}</Text>
        ) : (
          decodeEntities(text.text)
        );
      }
      case 'escape':
        return (token as Tokens.Escape).text;
      default:
        return 'raw' in token ? String(token.raw) : '';
    }
  });
}

/** marked escapes a few characters in text tokens; the terminal wants them as typed. */
function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
