import { jsonrepair } from 'jsonrepair';
import { InvalidArgumentError } from '../errors/errors';
import { InvalidJsonOutputError } from './invalid-json-output-error';

/** Longer replies are cut to their tail: the answer usually comes last. */
const MAX_SCANNED_CHARACTERS = 200_000;
const FENCE = /```[ \t]*([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;

/**
 * Reads the JSON object or array out of a model reply: strips ``` fences, finds the best JSON
 * value inside chatty text, and repairs common breakage (trailing commas, single or smart
 * quotes, comments, an unclosed bracket at the end) with `jsonrepair`. Among several
 * candidates the largest one wins (the answer, not an inline example).
 *
 * @throws InvalidJsonOutputError when no JSON object or array can be recovered.
 * @example parseJsonFromModelText('Sure!\n```json\n{"skills": [],}\n```') // { skills: [] }
 */
export function parseJsonFromModelText(text: string): unknown {
  if (typeof text !== 'string')
    throw new InvalidArgumentError('text', 'expected the model reply as a string');
  const source = normalize(
    text.length > MAX_SCANNED_CHARACTERS ? text.slice(-MAX_SCANNED_CHARACTERS) : text,
  );
  if (source === '')
    throw new InvalidJsonOutputError('expected a JSON object or array, got an empty reply', text);

  const whole = parseStrict(source);
  if (whole.ok && isContainer(whole.value)) return whole.value;

  // Fenced blocks first: a model that fences its answer means the fence content.
  for (const match of source.matchAll(FENCE)) {
    const body = match[2]?.trim() ?? '';
    const found = bestCandidate(body);
    if (found !== undefined) return found.value;
  }
  const found = bestCandidate(source);
  if (found !== undefined) return found.value;
  throw new InvalidJsonOutputError(
    'expected a JSON object or array, found none that could be parsed or repaired',
    text,
  );
}

function normalize(text: string): string {
  return text.replace(/^\uFEFF/, '').trim();
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function parseStrict(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function parseLenient(
  text: string,
): { ok: true; value: unknown; repaired: boolean } | { ok: false } {
  const strict = parseStrict(text);
  if (strict.ok) return { ...strict, repaired: false };
  try {
    return { ok: true, value: JSON.parse(jsonrepair(text)), repaired: true };
  } catch {
    return { ok: false };
  }
}

interface Candidate {
  value: unknown;
  length: number;
  repaired: boolean;
}

/** Tries every outermost `{…}` / `[…]` span (and an unclosed one running to the end). */
function bestCandidate(text: string): Candidate | undefined {
  let best: Candidate | undefined;
  let index = 0;
  while (index < text.length) {
    const start = findOpening(text, index);
    if (start < 0) break;
    const end = findClosing(text, start);
    const span = text.slice(start, end);
    const parsed = parseLenient(span);
    if (parsed.ok && isContainer(parsed.value) && !isTrivialRepair(span, parsed.value)) {
      const candidate = { value: parsed.value, length: span.length, repaired: parsed.repaired };
      if (best === undefined || isBetter(candidate, best)) best = candidate;
      index = end;
    } else {
      index = start + 1;
    }
  }
  return best;
}

function isBetter(candidate: Candidate, best: Candidate): boolean {
  if (candidate.repaired !== best.repaired)
    return !candidate.repaired && candidate.length >= best.length / 2;
  return candidate.length >= best.length;
}

/** `[1]` in "see [1]" or `{x}` placeholders repair into junk; require some JSON shape. */
function isTrivialRepair(span: string, value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 && !/^\[\s*\]$/.test(span);
  return Object.keys(value as object).length === 0 && !/^\{\s*\}$/.test(span);
}

function findOpening(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (character === '{' || character === '[') return index;
  }
  return -1;
}

/** End (exclusive) of the bracket span starting at `start`, string-aware; text end if unclosed. */
function findClosing(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') stack.push('}');
    else if (character === '[') stack.push(']');
    else if (character === '}' || character === ']') {
      if (stack.pop() !== character) return index + 1;
      if (stack.length === 0) return index + 1;
    } else if (character === '`' && text.startsWith('```', index)) {
      return index;
    }
  }
  return text.length;
}
