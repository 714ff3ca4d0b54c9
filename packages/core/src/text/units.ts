import { InvalidArgumentError } from '../errors/errors';

// One unit per CJK ideograph, kana or Hangul character: those scripts write a word in one or
// two characters and use no spaces. Every other run of letters, digits and combining marks is one
// unit per word, in any script (the original counted Cyrillic, Arabic, accented Latin… as zero).
const DENSE = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`;
const WORD_CHARACTER = String.raw`(?:(?![${DENSE}])[\p{L}\p{N}\p{M}])`;
const UNIT_PATTERN = `[${DENSE}]|${WORD_CHARACTER}+(?:['’_-]${WORD_CHARACTER}+)*`;

/** Marker appended by `truncateTextHead`. */
export const TRUNCATED_HEAD_MARKER = '\n...[truncated]';
/** Marker prepended by `truncateTextTail`. */
export const TRUNCATED_TAIL_MARKER = '[truncated]...\n';
/** Marker placed between the two parts by `truncateTextHeadTail`. */
export const TRUNCATED_MIDDLE_MARKER = '\n...[truncated]...\n';

interface UnitSpan {
  start: number;
  end: number;
}

function unitSpans(text: string): UnitSpan[] {
  const spans: UnitSpan[] = [];
  for (const match of text.matchAll(new RegExp(UNIT_PATTERN, 'gu'))) {
    spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

function assertText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new InvalidArgumentError('text', 'must be a string');
}

function assertBudget(maxUnits: unknown): asserts maxUnits is number {
  if (typeof maxUnits !== 'number' || !Number.isInteger(maxUnits) || maxUnits < 0) {
    throw new InvalidArgumentError(
      'maxUnits',
      `must be a non-negative integer, got ${String(maxUnits)}`,
    );
  }
}

/**
 * Counts text "units", the measure of every `*Units` budget: each CJK ideograph, kana or Hangul
 * syllable is 1, every other word (a run of letters/digits in any script, joined by `'`, `-`, `_`) is 1,
 * punctuation and spaces are 0.
 *
 * @example
 * countTextUnits('Deploy the app'); // 3
 * countTextUnits('Привет мир');     // 2
 * countTextUnits('转成Word格式');    // 5 (转, 成, Word, 格, 式)
 */
export function countTextUnits(text: string): number {
  assertText(text);
  let count = 0;
  for (const _ of text.matchAll(new RegExp(UNIT_PATTERN, 'gu'))) count++;
  return count;
}

/**
 * Counts Unicode code points (so an emoji or a CJK character outside the BMP counts 1).
 *
 * @example
 * countCharacters('中文🎉'); // 3
 */
export function countCharacters(text: string): number {
  assertText(text);
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Units the marker itself takes, or the whole budget when the marker does not fit. */
function keptUnits(maxUnits: number, marker: string): { keep: number; marker: string } {
  const markerUnits = countTextUnits(marker);
  return markerUnits > maxUnits
    ? { keep: maxUnits, marker: '' }
    : { keep: maxUnits - markerUnits, marker };
}

/**
 * Keeps the start of `text` so that the result, marker included, has at most `maxUnits` units.
 * Text within budget is returned unchanged.
 *
 * @example
 * truncateTextHead('one two three four five', 3); // 'one two\n...[truncated]'
 */
export function truncateTextHead(
  text: string,
  maxUnits: number,
  marker = TRUNCATED_HEAD_MARKER,
): string {
  assertText(text);
  assertBudget(maxUnits);
  const spans = unitSpans(text);
  if (spans.length <= maxUnits) return text;
  const budget = keptUnits(maxUnits, marker);
  const end = budget.keep === 0 ? 0 : (spans[budget.keep - 1] as UnitSpan).end;
  return text.slice(0, end) + budget.marker;
}

/**
 * Keeps the end of `text` so that the result, marker included, has at most `maxUnits` units.
 *
 * @example
 * truncateTextTail('one two three four five', 3); // '[truncated]...\nfour five'
 */
export function truncateTextTail(
  text: string,
  maxUnits: number,
  marker = TRUNCATED_TAIL_MARKER,
): string {
  assertText(text);
  assertBudget(maxUnits);
  const spans = unitSpans(text);
  if (spans.length <= maxUnits) return text;
  const budget = keptUnits(maxUnits, marker);
  const start =
    budget.keep === 0 ? text.length : (spans[spans.length - budget.keep] as UnitSpan).start;
  return budget.marker + text.slice(start);
}

/**
 * Keeps about 70 % of the budget from the start and 30 % from the end, joined by the marker.
 *
 * @example
 * truncateTextHeadTail('a b c d e f g h i j k l', 6); // 'a b c d\n...[truncated]...\nl'
 */
export function truncateTextHeadTail(
  text: string,
  maxUnits: number,
  marker = TRUNCATED_MIDDLE_MARKER,
): string {
  assertText(text);
  assertBudget(maxUnits);
  const spans = unitSpans(text);
  if (spans.length <= maxUnits) return text;
  const budget = keptUnits(maxUnits, marker);
  const headUnits = Math.ceil(budget.keep * 0.7);
  const tailUnits = budget.keep - headUnits;
  const end = headUnits === 0 ? 0 : (spans[headUnits - 1] as UnitSpan).end;
  const start = tailUnits === 0 ? text.length : (spans[spans.length - tailUnits] as UnitSpan).start;
  return text.slice(0, end) + budget.marker + text.slice(start);
}
