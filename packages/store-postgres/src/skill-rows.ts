import type { Skill, SkillRevision } from '@autoskill/core';

// Rows of the skill tables and their conversion to the spec's objects.

export interface SkillRow {
  id: string;
  scope: string;
  owner: string;
  name: string;
  revision: number;
  skill: unknown;
}

export interface RevisionRow {
  revision: number;
  version: string;
  saved_at: string;
  reason: string | null;
  restored_from: number | null;
}

/** A `json` column: node-postgres and PGlite parse it; a string (custom type parsers) is parsed here. */
export function skillOf(value: unknown): Skill {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Skill;
}

export function revisionEntryOf(row: RevisionRow): SkillRevision {
  const entry: SkillRevision = {
    revision: row.revision,
    version: row.version,
    savedAt: row.saved_at,
  };
  if (row.reason !== null) entry.reason = row.reason;
  if (row.restored_from !== null) entry.restoredFrom = row.restored_from;
  return entry;
}

/** `bytea` arrives as a Buffer (pg) or Uint8Array (PGlite): always a plain Uint8Array copy. */
export function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw new Error(`expected bytea content, got ${typeof value}`);
}

/** Code-unit order, as the other stores sort (SQL ORDER BY would follow the database collation). */
export function byCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
