/**
 * Reads the body layout written by the original (Python) AutoSkill:
 *
 * ```
 * # <Title>
 *
 * <description>
 *
 * ## Prompt
 *
 * <instructions, which may contain level-1 headings>
 *
 * ## Files / ## Triggers / ## Examples   (generated copies of frontmatter data)
 * ```
 *
 * The original cut the prompt at the first `#`/`##` heading, so every LLM-written prompt came
 * back as the whole body and later saves nested a second `## Prompt` inside the first
 * (reference §3.3). Here the prompt runs to the trailing generated sections, and duplicated
 * `# Title` + description + `## Prompt` preambles at its start are removed.
 */
export interface OriginalLayoutBody {
  /** Text of the `# ` heading before `## Prompt`, when present. */
  title: string | undefined;
  /** The paragraph(s) between the heading and `## Prompt`, when present. */
  description: string | undefined;
  instructions: string;
}

const PROMPT_HEADING = /^##[ \t]+prompt[ \t]*$/i;
const GENERATED_HEADING = /^##[ \t]+(files|triggers|examples)[ \t]*$/i;
const FENCE = /^[ \t]{0,3}(```|~~~)/;

/** Returns the parts of an original-layout body, or `undefined` when the body has another shape. */
export function readOriginalLayoutBody(body: string): OriginalLayoutBody | undefined {
  const lines = body.split('\n');
  const promptIndex = lines.findIndex((line) => PROMPT_HEADING.test(line));
  if (promptIndex === -1) return undefined;
  const preamble = readPreamble(lines.slice(0, promptIndex));
  if (!preamble) return undefined;
  let prompt = lines.slice(promptIndex + 1);
  prompt = dropNestedPreambles(prompt);
  prompt = dropGeneratedSections(prompt);
  return {
    title: preamble.title,
    description: preamble.description,
    instructions: canonicalInstructions(prompt.join('\n')),
  };
}

/**
 * The canonical form of a SKILL.md body used as `instructions`: LF line ends, no leading blank
 * lines, no trailing whitespace. The renderer writes it followed by exactly one newline.
 */
export function canonicalInstructions(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

/** The part before `## Prompt` may only hold one `# ` heading followed by plain paragraphs. */
function readPreamble(
  lines: string[],
): { title: string | undefined; description: string | undefined } | undefined {
  let title: string | undefined;
  const paragraph: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (paragraph.length > 0) paragraph.push('');
      continue;
    }
    const heading = /^#[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (heading && title === undefined && paragraph.length === 0) {
      title = heading[1];
      continue;
    }
    if (/^#{1,6}[ \t]/.test(line)) return undefined;
    paragraph.push(line);
  }
  const description = paragraph.join('\n').trim();
  return { title, description: description === '' ? undefined : description };
}

/** Removes `# Title` + description + `## Prompt` copies (and bare repeated `## Prompt` lines) at the start. */
function dropNestedPreambles(lines: string[]): string[] {
  let current = lines;
  for (;;) {
    const first = current.findIndex((line) => line.trim() !== '');
    if (first === -1) return current;
    if (PROMPT_HEADING.test(current[first] ?? '')) {
      current = current.slice(first + 1);
      continue;
    }
    if (!/^#[ \t]+\S/.test(current[first] ?? '')) return current;
    let next = first + 1;
    while (next < current.length && !/^#/.test(current[next] ?? '')) next++;
    if (next < current.length && PROMPT_HEADING.test(current[next] ?? '')) {
      current = current.slice(next + 1);
      continue;
    }
    return current;
  }
}

/** Removes the trailing `## Files` / `## Triggers` / `## Examples` sections the original renderer appended. */
function dropGeneratedSections(lines: string[]): string[] {
  const headings: number[] = [];
  let inFence = false;
  lines.forEach((line, index) => {
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence && /^##?[ \t]/.test(line)) headings.push(index);
  });
  let cut = lines.length;
  for (let position = headings.length - 1; position >= 0; position--) {
    const start = headings[position] as number;
    const match = GENERATED_HEADING.exec(lines[start] ?? '');
    if (!match) break;
    const content = lines.slice(start + 1, cut);
    if (!content.every((line) => isGeneratedLine(match[1]?.toLowerCase() ?? '', line))) break;
    cut = start;
  }
  return lines.slice(0, cut);
}

function isGeneratedLine(section: string, line: string): boolean {
  if (line.trim() === '') return true;
  if (section === 'examples') {
    return (
      /^### Example \d+[ \t]*$/.test(line) ||
      /^(Input|Output|Notes):[ \t]*$/.test(line) ||
      line.startsWith('  ')
    );
  }
  return line.startsWith('- ');
}
