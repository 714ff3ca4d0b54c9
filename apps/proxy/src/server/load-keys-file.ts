import { readFile } from 'node:fs/promises';
import { assertSafeUserId, InvalidArgumentError } from '@autoskill/core';

/**
 * Reads a per-user keys file: a JSON object mapping API key → user id, e.g.
 * `{"sk-alice-…": "alice", "sk-bob-…": "bob"}`. Keys must be at least 16 characters.
 */
export async function loadKeysFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(
      'keys file',
      `cannot read ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(
      'keys file',
      `${JSON.stringify(path)} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError('keys file', 'must be a JSON object {"<api key>": "<user id>"}');
  }
  const keys: Record<string, string> = {};
  for (const [key, userId] of Object.entries(value)) {
    if (key.length < 16)
      throw new InvalidArgumentError(
        'keys file',
        `every key must be at least 16 characters (one for ${JSON.stringify(userId)} is not)`,
      );
    if (typeof userId !== 'string')
      throw new InvalidArgumentError(
        'keys file',
        `the user id for a key must be a string, got ${JSON.stringify(userId)}`,
      );
    assertSafeUserId(userId);
    keys[key] = userId;
  }
  return keys;
}
