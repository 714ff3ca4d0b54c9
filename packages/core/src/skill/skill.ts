/** Where a skill lives: a user's own space, or the shared read-only library (`Common`). */
export type SkillScope = 'user' | 'common';

/** What a search or listing covers. */
export type SearchScope = SkillScope | 'all';

export interface SkillExample {
  input: string;
  output?: string;
  notes?: string;
}

/**
 * The content of one SKILL.md: everything the file holds and nothing about where it is stored.
 * `parseSkillMarkdown(renderSkillMarkdown(doc))` returns an equal document.
 */
export interface SkillDocument {
  /** UUID. Kept in frontmatter `metadata.id`. */
  id: string;
  /** Agent Skills `name`: lowercase ASCII letters, digits and single hyphens, at most 64 chars; equals the folder name. */
  name: string;
  /** Human-readable name in any language ("Standard release process", "转成Word格式"). Defaults to `name`. */
  title: string;
  /** What the skill does and when to use it; at most 1024 chars. */
  description: string;
  /** The SKILL.md body: the instructions given to the model. */
  instructions: string;
  /** Semantic version, `0.1.0` for a new skill; merges bump the patch. */
  version: string;
  tags: string[];
  /** Short user-intent phrases that should retrieve this skill. */
  triggers: string[];
  examples: SkillExample[];
  /** Other `metadata` entries (string values), preserved as read. */
  metadata: Record<string, string>;
  /** Other top-level frontmatter keys (`license`, `allowed-tools`, `compatibility`, unknown keys), preserved as read. */
  extra: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
}

/** A stored skill: its document plus where it lives. */
export interface Skill extends SkillDocument {
  scope: SkillScope;
  /** The user id for `user` skills; the library name for `common` skills (`Common` for the library root). */
  owner: string;
  /** Relative paths of the skill's resource files (`scripts/…`, `references/…`, `assets/…`), sorted. */
  files: string[];
  /** Monotonic revision counter of the stored skill (1 for the first write). Used for optimistic concurrency. */
  revision: number;
}

/** A resource file to write beside a SKILL.md. */
export interface SkillFile {
  /** Relative POSIX path inside the skill folder, e.g. `scripts/run.py`. */
  path: string;
  content: Uint8Array | string;
}

/** One entry of a skill's history. Every write adds one; nothing is ever dropped by a rollback. */
export interface SkillRevision {
  revision: number;
  version: string;
  savedAt: string;
  /** Why the revision was written: `create`, `import`, `merge`, `edit`, `rollback`… */
  reason?: string;
  /** For rollbacks: the revision whose content was restored. */
  restoredFrom?: number;
}

/** A search result. `score` is in [0, 1]; the parts say where it came from. */
export interface SkillHit {
  skill: Skill;
  score: number;
  vectorScore?: number;
  keywordScore?: number;
}

/** What extraction proposes; maintenance decides whether it becomes or changes a skill. */
export interface SkillCandidate {
  name: string;
  title?: string;
  description: string;
  instructions: string;
  triggers: string[];
  tags: string[];
  examples: SkillExample[];
  /** Confidence in [0, 1]. */
  confidence: number;
  files?: SkillFile[];
  /**
   * `every-answer`: a standing preference of the user ("always answer in bullet points", "用中文
   * 回答") that applies whatever the task; injected on every turn instead of by relevance.
   */
  appliesTo?: 'every-answer';
}

/** The SKILL.md `metadata` key that marks a standing preference (value `every-answer`). */
export const APPLIES_TO_METADATA_KEY = 'applies-to';

/**
 * True for a standing preference: a skill applied to every answer of its owner, whatever the
 * request (`metadata.applies-to: every-answer` in its SKILL.md; remove the line to make it an
 * ordinary skill found by relevance).
 */
export function appliesToEveryAnswer(skill: Pick<SkillDocument, 'metadata'>): boolean {
  return skill.metadata[APPLIES_TO_METADATA_KEY] === 'every-answer';
}
