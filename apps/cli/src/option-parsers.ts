import { parseSearchScope, type SearchScope } from '@autoskill/core';
import { UsageError } from './usage-error';

/** An integer flag within bounds; anything else is a usage error (exit 2). */
export function parseInteger(flag: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim()))
      throw new UsageError(`${flag} must be an integer, got ${JSON.stringify(value)}`);
    const number = Number(value);
    if (number < min || number > max)
      throw new UsageError(`${flag} must be between ${min} and ${max}, got ${number}`);
    return number;
  };
}

/** A score flag from 0 to 1. */
export function parseScore(flag: string) {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number) || number < 0 || number > 1) {
      throw new UsageError(`${flag} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
    }
    return number;
  };
}

/** One of a fixed list of words. */
export function parseChoice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new UsageError(
        `${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`,
      );
    return value as T;
  };
}

/** A scope flag (`library` means `common`), limited to `allowed`. */
export function parseScope<T extends SearchScope>(flag: string, allowed: readonly T[]) {
  return (value: string): T => {
    let scope: SearchScope | undefined;
    try {
      scope = parseSearchScope(value, { field: flag });
    } catch {
      scope = undefined;
    }
    if (scope === undefined || !(allowed as readonly string[]).includes(scope))
      throw new UsageError(
        `${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
      );
    return scope as T;
  };
}

/** Appends comma-separated values of a repeatable flag. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value)];
}

/** `a, b,,c` → `['a', 'b', 'c']`. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Drops unset and empty entries (flags the user did not give). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== ''),
  ) as T;
}
