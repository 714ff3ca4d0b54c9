import { InvalidArgumentError, UnsafePathError } from '../errors/errors';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SKILL_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Letters and digits of any script, plus `.`, `_`, `-`, `@`; must start with a letter or digit. */
const USER_ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._@-]*$/u;

export const MAX_SKILL_NAME_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 1024;
export const MAX_USER_ID_LENGTH = 128;

/** A new random skill id (UUID v4). */
export function createSkillId(): string {
  return globalThis.crypto.randomUUID();
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** True when `name` follows the Agent Skills name rules. */
export function isValidSkillName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length <= MAX_SKILL_NAME_LENGTH &&
    SKILL_NAME_PATTERN.test(name)
  );
}

/**
 * Turns any title into an Agent Skills name: lowercase ASCII letters, digits and single hyphens,
 * at most 64 chars. Titles with no ASCII letters or digits (e.g. Chinese) get `fallback`
 * (by default `skill-<8 hex of a hash of the title>`), so the result is always valid.
 */
export function slugifySkillName(title: string, fallback?: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = ascii.slice(0, MAX_SKILL_NAME_LENGTH).replace(/-+$/g, '');
  if (slug.length >= 2) return slug;
  slug = fallback ?? `skill-${fnv1aHex(title)}`;
  return isValidSkillName(slug) ? slug : `skill-${fnv1aHex(title)}`;
}

/** Throws a SkillValidationError-style InvalidArgumentError unless `name` is a valid skill name. */
export function assertSkillName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('skill name', 'must be a non-empty string');
  }
  assertNoPathTricks('skill name', name);
  if (!isValidSkillName(name)) {
    throw new InvalidArgumentError(
      'skill name',
      `${JSON.stringify(String(name).slice(0, 80))} must be lowercase letters, digits and single hyphens, at most ${MAX_SKILL_NAME_LENGTH} chars (e.g. "release-checklist")`,
    );
  }
}

/** Validates a user id before it can become a directory name. */
export function assertSafeUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new InvalidArgumentError('user id', 'must be a non-empty string');
  }
  assertNoPathTricks('user id', userId);
  if (userId.length > MAX_USER_ID_LENGTH) {
    throw new InvalidArgumentError('user id', `must be at most ${MAX_USER_ID_LENGTH} chars`);
  }
  if (!USER_ID_PATTERN.test(userId)) {
    throw new UnsafePathError(
      'user id',
      userId,
      'use letters, digits, ".", "_", "-" or "@", starting with a letter or digit',
    );
  }
}

/** Validates a library name (`Common/<library>/…`). Same rules as user ids. */
export function assertSafeLibraryName(library: unknown): asserts library is string {
  if (typeof library !== 'string' || library.length === 0) {
    throw new InvalidArgumentError('library name', 'must be a non-empty string');
  }
  assertNoPathTricks('library name', library);
  if (library.length > MAX_USER_ID_LENGTH || !USER_ID_PATTERN.test(library)) {
    throw new UnsafePathError('library name', library, 'use letters, digits, ".", "_", "-" or "@"');
  }
}

/**
 * Validates a relative resource path inside a skill folder (`scripts/run.py`): POSIX separators,
 * no `..`, no absolute paths, no NUL or control characters, no hidden segments.
 */
export function assertSafeRelativePath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidArgumentError('file path', 'must be a non-empty string');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\0-\x1f]/.test(path))
    throw new UnsafePathError('file path', path, 'contains a control character');
  if (path.includes('\\')) throw new UnsafePathError('file path', path, 'use "/" as the separator');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path))
    throw new UnsafePathError('file path', path, 'must be relative');
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new UnsafePathError('file path', path, 'empty, "." and ".." segments are not allowed');
    }
    if (segment.startsWith('.'))
      throw new UnsafePathError('file path', path, 'hidden files are not allowed');
  }
  if (path.length > 512) throw new UnsafePathError('file path', path, 'is longer than 512 chars');
}

function assertNoPathTricks(what: string, value: string): void {
  if (value.includes('\0')) throw new UnsafePathError(what, value, 'contains a NUL byte');
  if (value.includes('/') || value.includes('\\'))
    throw new UnsafePathError(what, value, 'contains a path separator');
  if (value.includes('..')) throw new UnsafePathError(what, value, 'contains ".."');
  if (/^[A-Za-z]:/.test(value))
    throw new UnsafePathError(what, value, 'looks like an absolute path');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\0-\x1f\x7f]/.test(value))
    throw new UnsafePathError(what, value, 'contains a control character');
}

/** FNV-1a 32-bit hash as 8 hex chars. Stable across platforms; not cryptographic. */
export function fnv1aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Bumps the patch of a semantic version: `0.1.0` → `0.1.1`. Non-semver input becomes `0.1.1`. */
export function bumpPatchVersion(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim().replace(/^v/, ''));
  if (!match) return '0.1.1';
  return `${match[1]}.${match[2]}.${Number(match[3]) + 1}`;
}

/**
 * The version label a write should carry: `requested` when it is above every version the skill
 * ever had, otherwise the patch bump of the highest of them, so labels never repeat (not even
 * after a rollback to an older version). With no `requested`, always the bump.
 *
 * @example
 * versionAfter(['0.1.0', '0.1.3', '0.1.1']); // '0.1.4'
 * versionAfter(['0.1.0'], '0.2.0'); // '0.2.0'
 */
export function versionAfter(previous: Iterable<string>, requested?: string): string {
  let highest: string | undefined;
  for (const version of previous) {
    if (highest === undefined || compareVersions(version, highest) > 0) highest = version;
  }
  if (highest === undefined) return requested ?? '0.1.0';
  if (requested !== undefined && compareVersions(requested, highest) > 0) return requested;
  return bumpPatchVersion(highest);
}

/** Compares two semantic versions (`1.2.10` > `1.2.9`); non-semver sorts first. */
export function compareVersions(left: string, right: string): number {
  const parse = (value: string) => {
    const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(value.trim());
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [-1, -1, -1];
  };
  const a = parse(left);
  const b = parse(right);
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
