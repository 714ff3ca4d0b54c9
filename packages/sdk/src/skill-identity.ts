import {
  compareVersions,
  type Skill,
  type SkillDocument,
  type SkillFile,
  type SkillScope,
} from '@autoskill/core';

/**
 * The skills already in the store, as an import matches them: by id, or — for a SKILL.md without
 * a usable id — by scope + owner + name, where the store's clash names (`name-2`, `name-3`…)
 * count as the same name (docs/decisions/2026-12-01-import-rules.md). Each skill is matched by
 * one folder of an import at most.
 */
export class KnownSkills {
  readonly #byId = new Map<string, Skill>();
  readonly #byPlace = new Map<string, Skill[]>();
  readonly #claimed = new Set<string>();

  constructor(skills: Skill[]) {
    for (const skill of skills) {
      this.#byId.set(skill.id, skill);
      const key = placeKey(skill.scope, skill.owner);
      const list = this.#byPlace.get(key);
      if (list) list.push(skill);
      else this.#byPlace.set(key, [skill]);
    }
  }

  byId(id: string): Skill | undefined {
    return this.#byId.get(id);
  }

  /** True when a folder of this import already took `id`. */
  isClaimed(id: string): boolean {
    return this.#claimed.has(id);
  }

  claim(id: string): void {
    this.#claimed.add(id);
  }

  /**
   * Unclaimed skills of the owner named `name` or `name-<n>`, the exact name first (then the
   * store's own order of clash names).
   */
  namesakes(scope: SkillScope, owner: string, name: string): Skill[] {
    const suffixed = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
    return (this.#byPlace.get(placeKey(scope, owner)) ?? [])
      .filter(
        (skill) =>
          !this.#claimed.has(skill.id) && (skill.name === name || suffixed.test(skill.name)),
      )
      .sort((left, right) => suffixOf(left.name, name) - suffixOf(right.name, name));
  }
}

/**
 * True when importing `document` with `files` over `existing` would change nothing the user
 * wrote: the same text, lists, metadata and resources (bytes). Dates, the id and a version not
 * above the stored one are ignored — the store sets those itself — and so is a clash suffix the
 * store gave the name. `existingFiles` is read only when everything else matches.
 */
export async function sameContent(
  existing: Skill,
  document: SkillDocument,
  files: SkillFile[],
  existingFiles: () => Promise<SkillFile[] | undefined>,
): Promise<boolean> {
  if (
    existing.title !== document.title ||
    existing.description !== document.description ||
    existing.instructions !== document.instructions ||
    (existing.name !== document.name && suffixOf(existing.name, document.name) === 0) ||
    compareVersions(document.version, existing.version) > 0 ||
    !sameJson(existing.tags, document.tags) ||
    !sameJson(existing.triggers, document.triggers) ||
    !sameJson(existing.examples, document.examples) ||
    !sameJson(existing.metadata, document.metadata) ||
    !sameJson(existing.extra, document.extra)
  )
    return false;
  const paths = files.map((file) => file.path).sort();
  if (!sameJson([...existing.files].sort(), paths)) return false;
  if (paths.length === 0) return true;
  const stored = new Map(((await existingFiles()) ?? []).map((file) => [file.path, file.content]));
  return files.every((file) => sameBytes(stored.get(file.path), file.content));
}

function placeKey(scope: SkillScope, owner: string): string {
  return `${scope}\0${owner}`;
}

/** `n` of `name-n` (1 for `name` itself, 0 for any other name). */
function suffixOf(candidate: string, name: string): number {
  if (candidate === name) return 1;
  if (!candidate.startsWith(`${name}-`)) return 0;
  const suffix = candidate.slice(name.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : 0;
}

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function sameBytes(left: Uint8Array | string | undefined, right: Uint8Array | string): boolean {
  if (left === undefined) return false;
  const encoder = new TextEncoder();
  const a = typeof left === 'string' ? encoder.encode(left) : left;
  const b = typeof right === 'string' ? encoder.encode(right) : right;
  return a.byteLength === b.byteLength && Buffer.from(a).equals(Buffer.from(b));
}
