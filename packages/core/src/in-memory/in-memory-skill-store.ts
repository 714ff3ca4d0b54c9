import { InvalidArgumentError } from '../errors/errors';
import { assertSkillName, MAX_SKILL_NAME_LENGTH } from '../identity/identity';
import type { Skill, SkillFile, SkillRevision, SkillScope } from '../skill/skill';
import { renderSkillMarkdown } from '../skill-markdown/render-skill-markdown';
import { MAX_SKILL_MD_BYTES } from '../skill-markdown/skill-markdown-constants';
import type {
  SkillPutInput,
  SkillStore,
  SkillStoreListOptions,
  SkillStorePutManyItem,
  SkillStorePutManyOutcome,
  SkillStorePutOptions,
} from '../spec/skill-store';
import {
  assertNoFileFolderClash,
  checkExpectedRevision,
  compareSkills,
  highestVersion,
  prepareDocument,
  skillListFilter,
  validateFiles,
  validatePlace,
  validateSkillId,
} from '../store-kit/skill-put-rules';

/** Limits and clock of the in-memory store. */
export interface InMemorySkillStoreOptions {
  /** Largest resource file in bytes. Default 1 MB. */
  maxFileBytes?: number;
  /** Most resource files per skill. Default 200. */
  maxFiles?: number;
  /** Clock used for `savedAt`, `createdAt`, `updatedAt` (tests). Default `() => new Date()`. */
  now?: () => Date;
}

interface StoredRevision {
  entry: SkillRevision;
  skill: Skill;
  files: Map<string, Uint8Array>;
}

interface StoredSkill {
  skill: Skill;
  files: Map<string, Uint8Array>;
  revisions: StoredRevision[];
}

const encoder = new TextEncoder();

/**
 * The reference `SkillStore`: everything in memory, nothing persisted, works in browsers.
 * Same rules as the local store: names are unique per owner (`name-2`, `name-3`… on collision),
 * every put adds a revision with the full content, version labels never repeat for new content
 * (a put whose version is not above the highest in history gets its patch bumped; a rollback with
 * `restoredFrom` keeps the restored label and dates, so the restored SKILL.md is byte-identical).
 */
export function createInMemorySkillStore(options: InMemorySkillStoreOptions = {}): SkillStore {
  const maxFileBytes = positiveInteger(options.maxFileBytes, 1_000_000, 'maxFileBytes');
  const maxFiles = positiveInteger(options.maxFiles, 200, 'maxFiles');
  const now = options.now ?? (() => new Date());
  const skills = new Map<string, StoredSkill>();

  // (scope, owner, name) → id, so name checks stay O(1) at any store size.
  const names = new Map<string, string>();
  const nameKey = (scope: SkillScope, owner: string, name: string) =>
    `${scope}\u0000${owner}\u0000${name}`;
  const nameTaken = (scope: SkillScope, owner: string, name: string, id: string): boolean => {
    const holder = names.get(nameKey(scope, owner, name));
    return holder !== undefined && holder !== id;
  };

  const store: SkillStore = {
    specificationVersion: 'v1',
    name: 'in-memory',

    async put(input: SkillPutInput, putOptions: SkillStorePutOptions = {}): Promise<Skill> {
      const place = validatePlace(input);
      const id = validateSkillId(input.id);
      const newFiles = validateFiles(putOptions.files, maxFileBytes);
      const restoredFrom = putOptions.restoredFrom;
      if (restoredFrom !== undefined && (!Number.isInteger(restoredFrom) || restoredFrom < 1)) {
        throw new InvalidArgumentError('restoredFrom', 'must be a revision number ≥ 1');
      }
      const existing = skills.get(id);
      checkExpectedRevision(id, putOptions.expectedRevision, existing?.skill.revision ?? 0);
      const name = uniqueSkillName(input.name, (candidate) =>
        nameTaken(place.scope, place.owner, candidate, id),
      );
      const at = now().toISOString();
      const document = prepareDocument(input, {
        id,
        name,
        existing: existing?.skill,
        at,
        highestVersion: highestVersion(existing?.revisions.map((item) => item.entry.version) ?? []),
        restoring: putOptions.restoredFrom !== undefined,
      });
      const markdown = renderSkillMarkdown(document);
      if (encoder.encode(markdown).byteLength > MAX_SKILL_MD_BYTES) {
        throw new InvalidArgumentError(
          'skill',
          `SKILL.md would exceed ${MAX_SKILL_MD_BYTES} bytes`,
        );
      }
      const files = new Map(putOptions.replaceFiles || !existing ? [] : existing.files);
      for (const file of newFiles) files.set(file.path, file.content);
      if (putOptions.restoredFrom !== undefined && putOptions.files === undefined) {
        // A rollback without explicit files restores the resources of that revision too.
        const source = existing?.revisions.find(
          (item) => item.entry.revision === putOptions.restoredFrom,
        );
        if (!source) {
          throw new InvalidArgumentError(
            'restoredFrom',
            `skill ${id} has no revision ${putOptions.restoredFrom}`,
          );
        }
        files.clear();
        for (const [path, content] of source.files) files.set(path, content);
      }
      assertNoFileFolderClash(files.keys());
      if (files.size > maxFiles) {
        throw new InvalidArgumentError(
          'files',
          `a skill holds at most ${maxFiles} resource files (got ${files.size})`,
        );
      }
      const revision = (existing?.skill.revision ?? 0) + 1;
      const skill: Skill = {
        ...document,
        scope: place.scope,
        owner: place.owner,
        files: [...files.keys()].sort(),
        revision,
      };
      const entry: SkillRevision = { revision, version: document.version, savedAt: at };
      if (putOptions.reason !== undefined) entry.reason = String(putOptions.reason);
      if (putOptions.restoredFrom !== undefined) entry.restoredFrom = putOptions.restoredFrom;
      const revisions = existing?.revisions ?? [];
      revisions.push({ entry, skill: structuredClone(skill), files: new Map(files) });
      if (existing)
        names.delete(nameKey(existing.skill.scope, existing.skill.owner, existing.skill.name));
      names.set(nameKey(skill.scope, skill.owner, skill.name), id);
      skills.set(id, { skill, files, revisions });
      return structuredClone(skill);
    },

    async get(id: string): Promise<Skill | undefined> {
      const stored = skills.get(requireString(id, 'skill id'));
      return stored ? structuredClone(stored.skill) : undefined;
    },

    async list(listOptions: SkillStoreListOptions = {}): Promise<Skill[]> {
      const matches = skillListFilter(listOptions);
      return [...skills.values()]
        .map((stored) => stored.skill)
        .filter(matches)
        .sort(compareSkills)
        .map((skill) => structuredClone(skill));
    },

    async delete(id: string): Promise<boolean> {
      const stored = skills.get(requireString(id, 'skill id'));
      if (stored) names.delete(nameKey(stored.skill.scope, stored.skill.owner, stored.skill.name));
      return skills.delete(id);
    },

    async history(id: string): Promise<SkillRevision[]> {
      const stored = skills.get(requireString(id, 'skill id'));
      return stored ? stored.revisions.map((revision) => ({ ...revision.entry })) : [];
    },

    async getRevision(id: string, revision: number): Promise<Skill | undefined> {
      const stored = skills.get(requireString(id, 'skill id'));
      const found = stored?.revisions.find((item) => item.entry.revision === revision);
      return found ? structuredClone(found.skill) : undefined;
    },

    async readFiles(
      id: string,
      readOptions: { revision?: number } = {},
    ): Promise<SkillFile[] | undefined> {
      const stored = skills.get(requireString(id, 'skill id'));
      if (!stored) return undefined;
      let source: { skill: Skill; files: Map<string, Uint8Array> } = stored;
      if (readOptions.revision !== undefined) {
        const found = stored.revisions.find((item) => item.entry.revision === readOptions.revision);
        if (!found) return undefined;
        source = found;
      }
      const {
        scope: _scope,
        owner: _owner,
        files: _files,
        revision: _revision,
        ...document
      } = source.skill;
      const result: SkillFile[] = [{ path: 'SKILL.md', content: renderSkillMarkdown(document) }];
      for (const path of source.skill.files) {
        result.push({ path, content: new Uint8Array(source.files.get(path) ?? new Uint8Array()) });
      }
      return result;
    },

    /** One `put` per item, in order (so items with the same id apply in order); each fails alone. */
    async putMany(items: SkillStorePutManyItem[]): Promise<SkillStorePutManyOutcome[]> {
      if (!Array.isArray(items))
        throw new InvalidArgumentError('items', 'must be an array of { input, options }');
      const outcomes: SkillStorePutManyOutcome[] = [];
      for (const item of items) {
        try {
          outcomes.push({ skill: await store.put(item?.input, item?.options ?? {}) });
        } catch (error) {
          outcomes.push({ error: error as Error });
        }
      }
      return outcomes;
    },

    async refresh(): Promise<string[]> {
      return [];
    },

    async close(): Promise<void> {},
  };
  return store;
}

/** `name`, or `name-2`, `name-3`… (cut to 64 chars) when another skill of the owner has it. */
function uniqueSkillName(name: unknown, taken: (candidate: string) => boolean): string {
  assertSkillName(name);
  if (!taken(name)) return name;
  for (let counter = 2; ; counter++) {
    const suffix = `-${counter}`;
    const base = name.slice(0, MAX_SKILL_NAME_LENGTH - suffix.length).replace(/-+$/, '');
    const candidate = `${base}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(what, 'must be a string');
  return value;
}

function positiveInteger(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new InvalidArgumentError(what, 'must be a positive integer');
  return value;
}
