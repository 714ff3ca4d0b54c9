/** Placeholders `redactText` writes. */
export const REDACTION_PLACEHOLDERS = {
  email: '<EMAIL>',
  url: '<URL>',
  secret: '<SECRET>',
  id: '<ID>',
  number: '<NUMBER>',
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`)\]}]+/gi;
// Vendor key shapes: OpenAI/Anthropic `sk-…`, GitHub `ghp_…`, Slack `xox?-…`, AWS `AKIA…`, bearer tokens.
const VENDOR_KEY =
  /\b(?:sk-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,})\b/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
// Long opaque runs: hex of 32+ chars, or base64-like runs of 32+ chars that mix letters and digits.
const OPAQUE_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_-])/g;
// Phone, account and card numbers: 7+ digits in a row, or 9+ digits split by spaces or dashes.
// Not inside words, decimals (3.14159265) or grouped amounts (1,234,567).
const LONG_DIGITS = /(?<![\w.]|\d,)\+?\d[\d\s()-]{5,}\d(?!\w|[.,]\d)/g;

/**
 * Replaces e-mails, URLs, API-key-like tokens (`sk-…`, long hex/base64 secrets), UUIDs and long
 * digit runs (phone, account and card numbers: ≥ 7 digits in a row or ≥ 9 digits with separators)
 * with placeholders. Ordinary numbers are kept: years, amounts, dates, versions, "37 °C",
 * "step 3", identifiers made of words.
 *
 * @example
 * redactText('Mail ann@example.com, call +1 415-555-0123, budget $1,250 in 2026');
 * // 'Mail <EMAIL>, call <NUMBER>, budget $1,250 in 2026'
 */
export function redactText(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return typeof text === 'string' ? text : '';
  return text
    .replace(EMAIL, REDACTION_PLACEHOLDERS.email)
    .replace(URL, REDACTION_PLACEHOLDERS.url)
    .replace(VENDOR_KEY, REDACTION_PLACEHOLDERS.secret)
    .replace(BEARER, `$1${REDACTION_PLACEHOLDERS.secret}`)
    .replace(UUID, REDACTION_PLACEHOLDERS.id)
    .replace(OPAQUE_RUN, (run) => (isSecretLike(run) ? REDACTION_PLACEHOLDERS.secret : run))
    .replace(LONG_DIGITS, (run) => (isLongNumber(run) ? REDACTION_PLACEHOLDERS.number : run));
}

/** Redacts every string inside a JSON-like value (objects, arrays), keeping its shape. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactValue(item)) as T;
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) result[key] = redactValue(item);
    return result as T;
  }
  return value;
}

function isSecretLike(run: string): boolean {
  // Long words and snake/kebab identifiers made only of letters are kept.
  return /\d/.test(run) && /[A-Za-z]/.test(run);
}

function isLongNumber(run: string): boolean {
  const digits = run.replace(/\D/g, '');
  const separated = /[\s().-]/.test(run.trim());
  if (!separated) return digits.length >= 7;
  // Dates (2026-11-25) and ranges (2024-2025) have 8 digits: require 9+ when separated.
  return digits.length >= 9;
}
