import {
  AutoSkillError,
  assertSafeRelativePath,
  createSkillId,
  InvalidArgumentError,
  isUuid,
  normalizeSkillDocument,
  parseSkillMarkdown,
  type Skill,
  type SkillDocument,
  type SkillFile,
  type SkillScope,
  type SkillStore,
  type SkillStorePutManyItem,
  SkillValidationError,
  validateSkillDocument,
} from '@autoskill/core';
import { assertNoFileFolderClash } from '@autoskill/core/store-kit';
import type { SkillFolderSource } from './skill-folder-source';
import { type KnownSkills, sameContent } from './skill-identity';

/** A folder read and parsed, before it is matched to a skill of the store. */
export interface PreparedFolder {
  label: string;
  document: SkillDocument;
  files: SkillFile[];
}

/** What an import does with one folder. */
export type FolderOutcome =
  | { kind: 'write'; label: string; item: SkillStorePutManyItem }
  | { kind: 'unchanged'; label: string; skill: Skill }
  | { kind: 'skip'; label: string; reason: string };

/** The settings one import runs with. */
export interface ImportContext {
  store: SkillStore;
  known: KnownSkills;
  scope: SkillScope;
  owner: string;
  overwrite: boolean;
  includeFiles: boolean;
  maxFileBytes: number;
  warn(label: string, message: string): void;
}

const MAX_FILES_PER_SKILL = 200;

/** The folder label used in results and messages: its path in the import, `.` for the root. */
export function labelOf(source: SkillFolderSource): string {
  return source.relativePath || '.';
}

/**
 * Reads and parses one folder: SKILL.md (named by its path in the import in every message, never
 * by a server path), checked like the store will check it, and its resources (too large, unsafe
 * or too many are left out with a warning). Throws what makes the folder unusable.
 */
export async function prepareFolder(
  source: SkillFolderSource,
  context: ImportContext,
): Promise<PreparedFolder> {
  const label = labelOf(source);
  const bytes = await source.readSkillFile();
  if (bytes.includes(0))
    throw new InvalidArgumentError('SKILL.md', 'contains a NUL byte (binary or corrupt file)');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // The spec requires a name; the folder name only helps turn a non-ASCII title into a slug.
  const hasName = /^name[ \t]*:[ \t]*\S/m.test(text.split(/^---[ \t]*$/m)[1] ?? '');
  const parsed = parseSkillMarkdown(text, {
    path: source.relativePath ? `${source.relativePath}/SKILL.md` : 'SKILL.md',
    ...(hasName && source.folderName ? { folderName: source.folderName } : {}),
  });
  const document = normalizeSkillDocument(parsed);
  const issues = validateSkillDocument(document);
  if (issues.length > 0) throw new SkillValidationError(issues);
  const files: SkillFile[] = [];
  if (context.includeFiles) {
    const listing = await source.listResources();
    for (const entry of listing.skipped)
      context.warn(label, `${entry.path} skipped: ${entry.reason}`);
    for (const path of listing.files) {
      if (files.length >= MAX_FILES_PER_SKILL) {
        context.warn(
          label,
          `more than ${MAX_FILES_PER_SKILL} resource files; the rest were skipped`,
        );
        break;
      }
      try {
        assertSafeRelativePath(path);
      } catch (error) {
        context.warn(label, `${path} skipped: ${describe(error)}`);
        continue;
      }
      const size = await source.resourceSize(path);
      if (size > context.maxFileBytes) {
        context.warn(
          label,
          `${path} skipped: ${size} bytes is over the ${context.maxFileBytes}-byte limit`,
        );
        continue;
      }
      files.push({ path, content: await source.readResource(path) });
    }
    assertNoFileFolderClash(files.map((file) => file.path));
  }
  return { label, document, files };
}

/**
 * Decides what one prepared folder becomes (call in folder order, one at a time): the skill with
 * the file's id when that id is free or already this owner's; otherwise — no id, not a UUID,
 * another owner's id, or an id an earlier folder of this import took — the owner's skill with the
 * same name (clash names included; the one with the same content first). Same content → nothing
 * is written; changed content → a new revision of that skill; no match → a new skill.
 */
export async function resolveFolder(
  prepared: PreparedFolder,
  context: ImportContext,
): Promise<FolderOutcome> {
  const { label, document, files } = prepared;
  const { known, scope, owner } = context;
  let id: string | undefined;
  let target: Skill | undefined;
  const fileId = document.id;
  if (isUuid(fileId)) {
    const stored = known.byId(fileId);
    if (known.isClaimed(fileId))
      context.warn(label, `id ${fileId} is used by another folder of this import; matched by name`);
    else if (stored && (stored.scope !== scope || stored.owner !== owner))
      context.warn(label, `id ${fileId} belongs to a skill of another owner; matched by name`);
    else {
      id = fileId;
      target = stored;
    }
  } else if (fileId) {
    context.warn(label, `id ${JSON.stringify(fileId)} is not a UUID; matched by name`);
  }
  const readFiles = (skill: Skill) => () => context.store.readFiles(skill.id);
  let unchanged = false;
  if (id === undefined) {
    const namesakes = known.namesakes(scope, owner, document.name);
    for (const candidate of namesakes) {
      if (await sameContent(candidate, document, files, readFiles(candidate))) {
        target = candidate;
        unchanged = true;
        break;
      }
    }
    target ??= namesakes.find((skill) => skill.name === document.name);
    id = target?.id ?? createSkillId();
  } else if (target) {
    unchanged = await sameContent(target, document, files, readFiles(target));
  }
  known.claim(id);
  if (target && unchanged) return { kind: 'unchanged', label, skill: target };
  if (target && !context.overwrite)
    return {
      kind: 'skip',
      label,
      reason: 'a skill with this id or name already exists (overwrite is off)',
    };
  const now = new Date().toISOString();
  return {
    kind: 'write',
    label,
    item: {
      input: {
        ...document,
        id,
        scope,
        owner,
        createdAt: document.createdAt ?? now,
        updatedAt: document.updatedAt ?? now,
      },
      options: {
        files,
        replaceFiles: true,
        reason: 'import',
        ...(target ? { expectedRevision: target.revision } : {}),
      },
    },
  };
}

/** A short reason for a skipped entry (typed errors keep their message). */
export function describe(error: unknown): string {
  if (AutoSkillError.isInstance(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
