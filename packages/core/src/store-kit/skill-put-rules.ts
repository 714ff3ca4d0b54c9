import { ConflictError, InvalidArgumentError, SkillValidationError } from '../errors/errors';
import {
  assertSafeLibraryName,
  assertSafeRelativePath,
  assertSafeUserId,
  compareVersions,
  createSkillId,
  MAX_SKILL_NAME_LENGTH,
  versionAfter,
} from '../identity/identity';
import type { SearchScope, Skill, SkillDocument, SkillFile, SkillScope } from '../skill/skill';
import { normalizeSkillDocument } from '../skill-markdown/normalize-skill-document';
import { validateSkillDocument } from '../skill-markdown/validate-skill-document';
import type { SkillPutInput, SkillStoreListOptions } from '../spec/skill-store';

// Put rules shared by every SkillStore of this repo (in-memory, local); @autoskill/test-suite holds them to it.

const SKILL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const encoder = new TextEncoder();

/** A validated resource file. */
export interface ResourceFile {
  path: string;
  content: Uint8Array;
}

/** Validates `scope` and `owner` of a put (owner rules depend on the scope). */
export function validatePlace(input: SkillPutInput): { scope: SkillScope; owner: string } {
  if (typeof input !== 'object' || input === null)
    throw new InvalidArgumentError('skill', 'must be an object');
  if (input.scope !== 'user' && input.scope !== 'common') {
    throw new InvalidArgumentError(
      'scope',
      `must be "user" or "common" (got ${JSON.stringify(input.scope)})`,
    );
  }
  if (input.scope === 'user') assertSafeUserId(input.owner);
  else assertSafeLibraryName(input.owner);
  return { scope: input.scope, owner: input.owner };
}

/** An empty id gets a new UUID; any other id must be safe as a file name. */
export function validateSkillId(id: unknown): string {
  if (id === undefined || id === '') return createSkillId();
  if (typeof id !== 'string' || !isSafeSkillId(id)) {
    throw new InvalidArgumentError(
      'skill id',
      'must be a UUID (letters, digits, ".", "_" or "-", at most 128 chars)',
    );
  }
  return id;
}

export function isSafeSkillId(id: unknown): boolean {
  return typeof id === 'string' && SKILL_ID_PATTERN.test(id);
}

/** Checks paths, duplicates, file/folder clashes and sizes of resource files; returns bytes. */
export function validateFiles(
  files: SkillFile[] | undefined,
  maxFileBytes: number,
): ResourceFile[] {
  if (files === undefined) return [];
  if (!Array.isArray(files))
    throw new InvalidArgumentError('files', 'must be an array of { path, content }');
  const seen = new Set<string>();
  const result: ResourceFile[] = [];
  for (const file of files) {
    assertSafeRelativePath(file?.path);
    assertFileNameLengths(file.path);
    if (file.path.toLowerCase() === 'skill.md') {
      throw new InvalidArgumentError(
        'files',
        'SKILL.md is written from the document; pass resources only',
      );
    }
    if (seen.has(file.path))
      throw new InvalidArgumentError('files', `duplicate path ${JSON.stringify(file.path)}`);
    seen.add(file.path);
    const content = typeof file.content === 'string' ? encoder.encode(file.content) : file.content;
    if (!(content instanceof Uint8Array)) {
      throw new InvalidArgumentError(
        'files',
        `content of ${JSON.stringify(file.path)} must be a string or Uint8Array`,
      );
    }
    if (content.byteLength > maxFileBytes) {
      throw new InvalidArgumentError(
        'files',
        `${JSON.stringify(file.path)} is larger than ${maxFileBytes} bytes`,
      );
    }
    // A copy: the caller may reuse its buffer after the put.
    result.push({ path: file.path, content: new Uint8Array(content) });
  }
  assertNoFileFolderClash(seen);
  return result;
}

/** Longest file or folder name, in UTF-8 bytes, that common file systems (ext4, APFS, NTFS) allow. */
export const MAX_FILE_NAME_BYTES = 255;

/** Throws when a segment of `path` is longer than a file system allows (instead of ENAMETOOLONG on write). */
export function assertFileNameLengths(path: string): void {
  for (const segment of path.split('/')) {
    const length = encoder.encode(segment).byteLength;
    if (length > MAX_FILE_NAME_BYTES) {
      throw new InvalidArgumentError(
        'files',
        `${JSON.stringify(`${segment.slice(0, 40)}…`)} in ${JSON.stringify(path.slice(0, 80))} is ${length} bytes long; file names have at most ${MAX_FILE_NAME_BYTES}`,
      );
    }
  }
}

/** Throws when one path is a file and a folder of another (`a` and `a/b`). */
export function assertNoFileFolderClash(paths: Iterable<string>): void {
  const all = new Set(paths);
  for (const path of all) {
    const segments = path.split('/');
    for (let index = 1; index < segments.length; index++) {
      const parent = segments.slice(0, index).join('/');
      if (all.has(parent)) {
        throw new InvalidArgumentError(
          'files',
          `${JSON.stringify(parent)} cannot be both a file and a folder`,
        );
      }
    }
  }
}

export function checkExpectedRevision(
  id: string,
  expected: number | undefined,
  actual: number,
): void {
  if (expected === undefined) return;
  if (!Number.isInteger(expected) || expected < 0) {
    throw new InvalidArgumentError(
      'expectedRevision',
      'must be an integer ≥ 0 (0 = the skill must not exist yet)',
    );
  }
  if (expected !== actual) {
    throw new ConflictError(
      `Skill ${id} is at revision ${actual}, expected ${expected}: reload it and apply the change again`,
      { skillId: id, expectedRevision: expected, actualRevision: actual },
    );
  }
}

/** `name`, or `name-2`, `name-3`… (cut to 64 chars) while `taken(candidate)` is true. */
export async function uniqueSkillName(
  name: string,
  taken: (candidate: string) => Promise<boolean>,
): Promise<string> {
  if (!(await taken(name))) return name;
  for (let counter = 2; ; counter++) {
    const suffix = `-${counter}`;
    const candidate = `${name.slice(0, MAX_SKILL_NAME_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!(await taken(candidate))) return candidate;
  }
}

/**
 * The document to store: normalised and validated, with the final id and name. A rollback keeps
 * the restored version label and dates; any other put whose version is not above the highest in
 * the history gets that version's patch bumped (labels never repeat for new content), keeps the
 * original `createdAt` and sets `updatedAt` to now.
 */
export function prepareDocument(
  input: SkillDocument,
  context: {
    id: string;
    name: string;
    existing: Skill | undefined;
    at: string;
    /** Highest version in the skill's history (labels never repeat for new content). */
    highestVersion: string | undefined;
    /** A rollback (`restoredFrom`): the restored content is kept as given, version and dates included. */
    restoring: boolean;
  },
): SkillDocument {
  const { existing, at } = context;
  const document = normalizeSkillDocument({
    id: context.id,
    name: context.name,
    title: input.title,
    description: input.description,
    instructions: input.instructions,
    version: input.version,
    tags: input.tags,
    triggers: input.triggers,
    examples: input.examples,
    metadata: input.metadata,
    extra: input.extra,
    ...(input.createdAt === undefined ? {} : { createdAt: input.createdAt }),
    ...(input.updatedAt === undefined ? {} : { updatedAt: input.updatedAt }),
  });
  document.id = context.id;
  document.name = context.name;
  const highest = context.highestVersion;
  if (context.restoring) {
    // Byte-identical restore: keep the old revision's version label and dates when given.
    document.createdAt = existing?.createdAt ?? document.createdAt ?? at;
    document.updatedAt ??= at;
  } else {
    if (highest !== undefined) document.version = versionAfter([highest], document.version);
    document.createdAt = existing?.createdAt ?? document.createdAt ?? at;
    document.updatedAt = at;
  }
  const issues = validateSkillDocument(document);
  if (issues.length > 0) throw new SkillValidationError(issues);
  return document;
}

/** The highest of some semantic versions, or undefined for none. */
export function highestVersion(versions: string[]): string | undefined {
  let highest: string | undefined;
  for (const version of versions) {
    if (highest === undefined || compareVersions(version, highest) > 0) highest = version;
  }
  return highest;
}

/** The filter of `list(options)`; validates the options. */
export function skillListFilter(options: SkillStoreListOptions): (skill: Skill) => boolean {
  if (typeof options !== 'object' || options === null)
    throw new InvalidArgumentError('list options', 'must be an object');
  const scope: SearchScope = options.scope ?? 'all';
  if (scope !== 'user' && scope !== 'common' && scope !== 'all') {
    throw new InvalidArgumentError(
      'scope',
      `must be "user", "common" or "all" (got ${JSON.stringify(scope)})`,
    );
  }
  const owner = options.owner;
  if (owner !== undefined) assertSafeUserId(owner);
  return (skill) => {
    if (skill.scope === 'common') return scope !== 'user';
    if (scope === 'common') return false;
    return owner === undefined || skill.owner === owner;
  };
}

/** Sort order of listings: name, then id. */
export function compareSkills(left: Skill, right: Skill): number {
  if (left.name !== right.name) return left.name < right.name ? -1 : 1;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/** The document part of a skill (drops scope, owner, files, revision). */
export function documentOf(skill: Skill): SkillDocument {
  const { scope: _scope, owner: _owner, files: _files, revision: _revision, ...document } = skill;
  return document;
}
