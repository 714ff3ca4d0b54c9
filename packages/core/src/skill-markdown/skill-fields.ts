import type { SkillExample } from '../skill/skill';

/**
 * Reads a string list written as a YAML list, a JSON-array string (`'["a","b"]'`) or a
 * comma-separated string (`"a, b"`). Items are trimmed; empty items dropped; order kept.
 */
export function readStringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value))
    return value.flatMap((item) => scalarText(item)).filter((item) => item !== '');
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return [];
    const fromJson = parseJsonArray(text);
    if (fromJson) return readStringList(fromJson);
    return text
      .split(/[,，]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  return scalarText(value).filter((item) => item !== '');
}

/** Reads examples written as a list (or JSON-array string) of `{input, output?, notes?}` objects or strings. */
export function readExamples(value: unknown): SkillExample[] {
  if (value === undefined || value === null || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') list = parseJsonArray(value.trim()) ?? [value];
  if (!Array.isArray(list)) list = [list];
  const examples: SkillExample[] = [];
  for (const item of list as unknown[]) {
    if (typeof item === 'string') {
      if (item.trim() !== '') examples.push({ input: item });
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const record = item as Record<string, unknown>;
    const input = optionalText(record.input);
    if (input === undefined || input.trim() === '') continue;
    const example: SkillExample = { input };
    const output = optionalText(record.output);
    const notes = optionalText(record.notes);
    if (output !== undefined) example.output = output;
    if (notes !== undefined) example.notes = notes;
    examples.push(example);
  }
  return examples;
}

/** A scalar as text (`1.0` read by YAML as a number becomes `"1"`); `undefined` for objects. */
export function optionalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return undefined;
}

function scalarText(value: unknown): string[] {
  const text = optionalText(value);
  return text === undefined ? [] : [text.trim()];
}

function parseJsonArray(text: string): unknown[] | undefined {
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
