import {
  AutoSkillError,
  type SkillDocument,
  type SkillFile,
  type SkillPutInput,
  type SkillStore,
} from '@autoskill/core';

// Shared by the groups of the SkillStore conformance suite (not exported from the package).

/** What every group of the SkillStore suite works with. */
export interface SkillStoreTestContext {
  /** The store of the running test (a fresh one per test). */
  store(): SkillStore;
  /** An owner made up for the running test. */
  user(): string;
  /** Closes and reopens the store when the suite was given `reopen`; otherwise does nothing. */
  reopenIfPossible(): Promise<void>;
  /** True when the suite was given `reopen`. */
  readonly persistent: boolean;
  /** The suite option `writeSkillFile`, when given. */
  readonly writeSkillFile: WriteSkillFile | undefined;
}

/**
 * Writes a user's SKILL.md straight into a store's backing storage, bypassing the store (see
 * `SkillStoreSuiteOptions.writeSkillFile`).
 */
export type WriteSkillFile = (
  store: SkillStore,
  file: { owner: string; folder: string; markdown: string },
) => Promise<void>;

export const BAD_USER_IDS = ['../x', 'a/b', 'a\\b', 'x\0y', '/abs', '..', ''];
export const BAD_NAMES = ['Bad Name', '../escape', 'a/b', 'UPPER', '-leading', 'x'.repeat(65), ''];
export const BAD_PATHS = [
  '../outside.txt',
  '/etc/passwd',
  'scripts/../../x',
  '.hidden',
  'a\\b.txt',
  'x\0y',
  'SKILL.md',
];

/** A valid document with a body that contains level-1 and level-2 headings (round-trip trap). */
export function sampleDocument(overrides: Partial<SkillDocument> = {}): SkillDocument {
  return {
    id: '',
    name: 'release-checklist',
    title: 'Release checklist',
    description: 'Steps to ship a release safely. Use when the user prepares a release.',
    instructions:
      '# Goal\n\nShip a release without surprises.\n\n## Steps\n\n1. Run the tests.\n2. Tag the commit.',
    version: '0.1.0',
    tags: ['release'],
    triggers: ['prepare a release', 'ship version'],
    examples: [],
    metadata: {},
    extra: {},
    ...overrides,
  };
}

export function userSkill(owner: string, overrides: Partial<SkillDocument> = {}): SkillPutInput {
  return { ...sampleDocument(overrides), scope: 'user', owner };
}

export function randomId(): string {
  return globalThis.crypto.randomUUID();
}

export function randomOwner(prefix: string): string {
  return `${prefix}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}

/** For `rejects.toSatisfy`: an AutoSkill error with one of these codes. */
export function hasCode(...codes: string[]): (error: unknown) => boolean {
  return (error) => AutoSkillError.isInstance(error) && codes.includes(error.code);
}

export function bytes(content: Uint8Array | string | undefined): Uint8Array | undefined {
  if (content === undefined) return undefined;
  return typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
}

export function text(content: Uint8Array | string | undefined): string | undefined {
  if (content === undefined) return undefined;
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

/** Files with byte contents, so string and byte versions of the same file compare equal. */
export function normalizeFiles(
  files: SkillFile[] | undefined,
): { path: string; content: number[] }[] | undefined {
  return files?.map((file) => ({ path: file.path, content: [...(bytes(file.content) ?? [])] }));
}
