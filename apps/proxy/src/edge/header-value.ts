/** Request or response headers with lower-case names, as Node parses them. */
export type HeaderRecord = Record<string, string | string[] | undefined>;

/** One header as a string (repeated headers joined with `, `). */
export function headerValue(headers: HeaderRecord, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
