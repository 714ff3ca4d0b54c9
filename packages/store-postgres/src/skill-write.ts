import {
  assertSkillName,
  InvalidArgumentError,
  MAX_SKILL_MD_BYTES,
  renderSkillMarkdown,
  type Skill,
  type SkillPutInput,
  type SkillRevision,
  type SkillScope,
  type SkillStorePutOptions,
} from '@autoskill/core';
import {
  assertNoFileFolderClash,
  checkExpectedRevision,
  highestVersion,
  prepareDocument,
  type ResourceFile,
  uniqueSkillName,
  validateFiles,
  validatePlace,
  validateSkillId,
} from '@autoskill/core/store-kit';
import type { Queryable } from './database';
import { byCodeUnits, type SkillRow, skillOf } from './skill-rows';

/** A put whose arguments were checked before any I/O. */
export interface CheckedPut {
  id: string;
  place: { scope: SkillScope; owner: string };
  input: SkillPutInput;
  options: SkillStorePutOptions;
  newFiles: ResourceFile[];
}

export interface WriteLimits {
  maxFileBytes: number;
  maxFiles: number;
  now: () => Date;
}

const encoder = new TextEncoder();

/** Validates a put's arguments (owner, name, id, files, restoredFrom) without touching the database. */
export function checkPut(
  input: SkillPutInput,
  options: SkillStorePutOptions | undefined,
  limits: WriteLimits,
): CheckedPut {
  const place = validatePlace(input);
  assertSkillName(input.name);
  const id = validateSkillId(input.id);
  const putOptions = options ?? {};
  if (typeof putOptions !== 'object' || putOptions === null)
    throw new InvalidArgumentError('put options', 'must be an object');
  const newFiles = validateFiles(putOptions.files, limits.maxFileBytes);
  const restoredFrom = putOptions.restoredFrom;
  if (restoredFrom !== undefined && (!Number.isInteger(restoredFrom) || restoredFrom < 1)) {
    throw new InvalidArgumentError('restoredFrom', 'must be a revision number ≥ 1');
  }
  return { id, place, input, options: putOptions, newFiles };
}

/**
 * Takes the transaction-scoped advisory locks of some writes: every id first, then every owner,
 * each list in one order, so two writers never wait for each other in a circle. The id lock
 * serialises writes of one skill (creation included); the owner lock keeps names unique per owner.
 */
export async function lockWrites(
  tx: Queryable,
  schema: string,
  writes: { id: string; scope: SkillScope; owner: string }[],
): Promise<void> {
  const ids = [...new Set(writes.map((write) => `${schema}:skill:${write.id}`))].sort();
  const owners = [
    ...new Set(writes.map((write) => `${schema}:owner:${write.scope}:${write.owner}`)),
  ].sort();
  // One round trip; a function scan yields the array's elements in order.
  await tx.query(
    'SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest($1::text[]) AS key',
    [[...ids, ...owners]],
  );
}

/** Writes one checked put in `tx` (locks already held). Returns the stored skill. */
export async function writeSkill(
  tx: Queryable,
  table: (name: string) => string,
  put: CheckedPut,
  limits: WriteLimits,
): Promise<Skill> {
  const { id, place, input, options, newFiles } = put;
  // One row: the history's versions and last revision, plus the live row when there is one (an
  // archived skill has history but no live row: a new skill with its id goes on from that history,
  // as in the local store).
  const found = await tx.query<
    Omit<SkillRow, 'id'> & { id: string | null; versions: string[] | null; last: number | null }
  >(
    `SELECT live.id, live.scope, live.owner, live.name, live.revision, live.skill,
       history.versions, history.last
     FROM (SELECT array_agg(version) AS versions, max(revision) AS last
           FROM ${table('skill_revisions')} WHERE skill_id = $1) AS history
     LEFT JOIN LATERAL (SELECT * FROM ${table('skills')} WHERE id = $1 FOR UPDATE) AS live ON true`,
    [id],
  );
  const row = found.rows[0];
  const existingRow = row?.id ? row : undefined;
  const existing = existingRow ? skillOf(existingRow.skill) : undefined;
  const currentRevision = existingRow?.revision ?? 0;
  checkExpectedRevision(id, options.expectedRevision, currentRevision);

  const name = await uniqueSkillName(input.name, async (candidate) => {
    const taken = await tx.query(
      `SELECT 1 FROM ${table('skills')} WHERE scope = $1 AND owner = $2 AND name = $3 AND id <> $4`,
      [place.scope, place.owner, candidate, id],
    );
    return taken.rows.length > 0;
  });
  const at = limits.now().toISOString();
  const document = prepareDocument(input, {
    id,
    name,
    existing,
    at,
    highestVersion: highestVersion(row?.versions ?? []),
    restoring: options.restoredFrom !== undefined,
  });
  if (encoder.encode(renderSkillMarkdown(document)).byteLength > MAX_SKILL_MD_BYTES) {
    throw new InvalidArgumentError('skill', `SKILL.md would exceed ${MAX_SKILL_MD_BYTES} bytes`);
  }

  // Resources kept from an earlier revision are copied inside the database, never read out.
  let copyFrom: number | undefined;
  if (options.restoredFrom !== undefined && options.files === undefined) {
    // A rollback without explicit files restores the resources of that revision too.
    const source = await tx.query(
      `SELECT 1 FROM ${table('skill_revisions')} WHERE skill_id = $1 AND revision = $2`,
      [id, options.restoredFrom],
    );
    if (source.rows.length === 0) {
      throw new InvalidArgumentError(
        'restoredFrom',
        `skill ${id} has no revision ${options.restoredFrom}`,
      );
    }
    copyFrom = options.restoredFrom;
  } else if (existingRow && !options.replaceFiles) {
    copyFrom = currentRevision;
  }
  const newPaths = newFiles.map((file) => file.path);
  const kept =
    copyFrom === undefined
      ? []
      : (
          await tx.query<{ path: string }>(
            `SELECT path FROM ${table('skill_files')} WHERE skill_id = $1 AND revision = $2 AND NOT (path = ANY($3::text[]))`,
            [id, copyFrom, newPaths],
          )
        ).rows.map((row) => row.path);
  const paths = [...kept, ...newPaths].sort(byCodeUnits);
  assertNoFileFolderClash(paths);
  if (paths.length > limits.maxFiles) {
    throw new InvalidArgumentError(
      'files',
      `a skill holds at most ${limits.maxFiles} resource files (got ${paths.length})`,
    );
  }

  const revision = (row?.last ?? currentRevision) + 1;
  const skill: Skill = { ...document, ...place, files: paths, revision };
  const entry: SkillRevision = { revision, version: document.version, savedAt: at };
  if (options.reason !== undefined) entry.reason = String(options.reason);
  if (options.restoredFrom !== undefined) entry.restoredFrom = options.restoredFrom;
  const json = JSON.stringify(skill);

  await tx.query(
    `INSERT INTO ${table('owners')} (scope, owner) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [place.scope, place.owner],
  );
  await tx.query(
    `INSERT INTO ${table('skills')} (id, scope, owner, name, revision, skill) VALUES ($1, $2, $3, $4, $5, $6::json)
     ON CONFLICT (id) DO UPDATE SET scope = EXCLUDED.scope, owner = EXCLUDED.owner, name = EXCLUDED.name,
       revision = EXCLUDED.revision, skill = EXCLUDED.skill, updated_at = now()`,
    [id, place.scope, place.owner, name, revision, json],
  );
  await tx.query(
    `INSERT INTO ${table('skill_revisions')} (skill_id, revision, version, saved_at, reason, restored_from, skill)
     VALUES ($1, $2, $3, $4, $5, $6, $7::json)`,
    [id, revision, entry.version, at, entry.reason ?? null, entry.restoredFrom ?? null, json],
  );
  if (copyFrom !== undefined && kept.length > 0) {
    await tx.query(
      `INSERT INTO ${table('skill_files')} (skill_id, revision, path, content)
       SELECT skill_id, $2, path, content FROM ${table('skill_files')}
       WHERE skill_id = $1 AND revision = $3 AND path = ANY($4::text[])`,
      [id, revision, copyFrom, kept],
    );
  }
  // New resources in multi-row INSERTs (well under the 65 535-parameter limit per statement).
  for (let start = 0; start < newFiles.length; start += 100) {
    const chunk = newFiles.slice(start, start + 100);
    const params: unknown[] = [id, revision];
    const values = chunk.map((file) => {
      params.push(file.path, file.content);
      return `($1, $2, $${params.length - 1}, $${params.length})`;
    });
    await tx.query(
      `INSERT INTO ${table('skill_files')} (skill_id, revision, path, content) VALUES ${values.join(', ')}`,
      params,
    );
  }
  return skill;
}
