/** Largest SKILL.md accepted by the parser (1 MB of text), as in the original AutoSkill. */
export const MAX_SKILL_MD_BYTES = 1_000_000;
/** At most this many tags are kept by `normalizeSkillDocument` (the original grew them without bound). */
export const MAX_SKILL_TAGS = 100;
/** At most this many triggers are kept by `normalizeSkillDocument` (the original reached 237). */
export const MAX_SKILL_TRIGGERS = 16;
/** At most this many examples are kept by `normalizeSkillDocument`. */
export const MAX_SKILL_EXAMPLES = 20;
/** Version given to documents without a semantic version. */
export const DEFAULT_SKILL_VERSION = '0.1.0';

/** `metadata` keys that map to `SkillDocument` fields rather than to `doc.metadata`. */
export const RESERVED_METADATA_KEYS: ReadonlySet<string> = new Set([
  'id',
  'title',
  'version',
  'tags',
  'triggers',
  'examples',
  'created',
  'updated',
]);

/** Top-level frontmatter keys that map to `SkillDocument` fields rather than to `doc.extra`. */
export const RESERVED_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'metadata',
  'id',
  'skill_id',
  'title',
  'version',
  'tags',
  'tag',
  'triggers',
  'trigger',
  'examples',
]);

export const SEMVER_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
