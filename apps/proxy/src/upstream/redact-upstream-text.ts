/** What replaces a secret in vendor text. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not scrubbed: they would match ordinary words (as in providers). */
const MIN_SECRET_LENGTH = 6;

/**
 * Tokens that look like credentials whoever they belong to: `Bearer …`, OpenAI/Anthropic/DeepSeek/
 * DashScope-style `sk-…` keys (masked ones too), Google `AIza…` keys, JWTs (InternLM tokens).
 */
const KEY_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // A token may hold dots (JWTs) but does not end with the sentence's full stop.
  [/\bBearer\s+(?!\[redacted\])[^\s"',;]*[^\s"',;.)\]]/gi, `Bearer ${REDACTED}`],
  [/\bsk-[A-Za-z0-9_*-]{6,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/**
 * The secrets of one upstream call worth scrubbing from what the vendor sends back: the API key,
 * the token of an `Authorization` value, and the values of extra credential-like headers.
 */
export function upstreamSecrets(
  ...values: ReadonlyArray<string | Record<string, string> | undefined>
): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined) => {
    const trimmed = value?.trim();
    // `Bearer <token>`: the token (the scheme is no secret and stays readable).
    const secret = /^\S+\s+(\S+)$/.exec(trimmed ?? '')?.[1] ?? trimmed;
    if (secret && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
  };
  for (const value of values) {
    if (typeof value === 'string' || value === undefined) add(value);
    else
      for (const [name, header] of Object.entries(value))
        if (/auth|key|token|secret/i.test(name)) add(header);
  }
  // Longest first: a secret that contains another is replaced whole.
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of the exact secrets (nothing else). */
export function redactSecretValues(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets)
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * Vendor text on its way to a client or a log (error bodies, error events, messages): the exact
 * secrets the proxy sent, and anything that looks like a key.
 */
export function redactUpstreamText(text: string, secrets: readonly string[]): string {
  let result = redactSecretValues(text, secrets);
  for (const [pattern, replacement] of KEY_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
