// Issue 16: forget-user, prune and restore on a database (an embedded PGlite folder): forgetting
// a user leaves no row of them in any table of the schema; pruning archives and restore brings
// every version back.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runInProcess } from './test-support/run-in-process';
import { DATABASE_START_TIMEOUT, pgliteUrl } from './test-support/test-database-url';

const DAY = 24 * 3_600_000;
const FORGOTTEN = 'forget-me-7f3a';
const KEPT = 'keep-me-2b9c';
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-db-forget-'));
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A skill folder with a resource; `id` keeps re-imports on the same skill (new revisions). */
async function writeSkill(root: string, skill: { id: string; name: string; body: string }) {
  await mkdir(join(root, skill.name, 'references'), { recursive: true });
  await writeFile(
    join(root, skill.name, 'SKILL.md'),
    `---\nname: ${skill.name}\nid: ${skill.id}\ndescription: How to ${skill.name.replaceAll('-', ' ')}\n---\n\n${skill.body}\n`,
  );
  await writeFile(join(root, skill.name, 'references', 'notes.md'), `notes of ${skill.name}\n`);
}

async function cli(args: string[], url: string): Promise<string> {
  const result = await runInProcess([...args, '--database-url', url]);
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.code, args.join(' ')).toBe(0);
  return result.stdout;
}

/** Imports `skills` for `owner` twice, the second time changed: two revisions each. */
async function importTwice(url: string, owner: string, skills: { id: string; name: string }[]) {
  const root = join(directory, `${owner}-${globalThis.crypto.randomUUID()}`);
  for (const round of ['first', 'second']) {
    for (const skill of skills) await writeSkill(root, { ...skill, body: `The ${round} way.` });
    await cli(['import', '--root-dir', root, '--user-id', owner, '--json'], url);
  }
}

/** Runs `work` on the PGlite folder of `url` (the CLI has closed it). */
async function withDatabase<T>(
  url: string,
  work: (query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => T,
): Promise<Awaited<T>> {
  const { PGlite } = await import('@electric-sql/pglite');
  const database = await PGlite.create({ dataDir: url.slice('pglite://'.length) });
  try {
    return await work(async (sql, params) => (await database.query(sql, params)).rows as never);
  } finally {
    await database.close();
  }
}

const ids = {
  released: '6f1c2d3e-1111-4222-8333-000000000001',
  deployed: '6f1c2d3e-1111-4222-8333-000000000002',
  later: '6f1c2d3e-1111-4222-8333-000000000003',
  kept: '6f1c2d3e-1111-4222-8333-000000000004',
};

describe('autoskill on a database: forget-user, prune, restore', () => {
  it('forget-user leaves nothing of the user in any table, archived skills, jobs and sessions included', {
    tags: ['slow'],
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const url = await pgliteUrl(join(directory, 'pg-forget'));
    await importTwice(url, FORGOTTEN, [
      { id: ids.released, name: 'release-steps' },
      { id: ids.deployed, name: 'deploy-steps' },
    ]);
    await importTwice(url, KEPT, [{ id: ids.kept, name: 'release-steps' }]);
    // A month on, the user's two skills are pruned into the archive; then a new one is learned.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * DAY });
    await cli(['prune', '--unused-for', '30d', '--user-id', FORGOTTEN], url);
    vi.useRealTimers();
    await importTwice(url, FORGOTTEN, [{ id: ids.later, name: 'rollback-steps' }]);
    // What replicas share: jobs held by a live replica elsewhere, and studio chat sessions.
    await withDatabase(url, async (query) => {
      await query(
        `INSERT INTO autoskill.job_owners (owner, seen_at) VALUES ('owner_elsewhere', now() + interval '1 day')`,
      );
      for (const [position, user] of [FORGOTTEN, KEPT].entries()) {
        const record = {
          id: `job_${position}`,
          experience: { userId: user, messages: [{ role: 'user', content: 'hello' }] },
          trigger: 'auto',
          createdAt: new Date().toISOString(),
          sequence: position,
        };
        await query(
          `INSERT INTO autoskill.learning_jobs (id, user_id, owner, record) VALUES ($1, $2, 'owner_elsewhere', $3)`,
          [record.id, user, JSON.stringify(record)],
        );
        await query(
          'INSERT INTO autoskill.chat_sessions (user_id, id, updated_at, session) VALUES ($1, $2, 1, $3)',
          [user, `s${position}`, JSON.stringify({ id: `s${position}`, user, messages: [] })],
        );
      }
    });
    const archived = await cli(['list', '--archived', '--user-id', FORGOTTEN], url);
    expect(archived).toContain(ids.released);
    expect(archived).toContain(ids.deployed);

    const report = JSON.parse(await cli(['forget-user', FORGOTTEN, '--yes', '--json'], url));
    expect(report).toMatchObject({ userId: FORGOTTEN, deletedSkills: 3 });
    expect(report.removedAreas).toEqual(['learning_jobs', 'chat_sessions']);

    const { leftovers, kept } = await withDatabase(url, async (query) => {
      const tables = await query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'autoskill' ORDER BY 1`,
      );
      const forgotten = [FORGOTTEN, ids.released, ids.deployed, ids.later];
      const leftovers: Record<string, number> = {};
      const kept: Record<string, number> = {};
      // Every column of every row as text: the user id or one of their skill ids anywhere.
      for (const { table_name: table } of tables) {
        const count = async (needles: string[]) =>
          Number(
            (
              await query(
                `SELECT count(*) AS n FROM autoskill."${table as string}" AS row WHERE row::text LIKE ANY($1::text[])`,
                [needles.map((needle) => `%${needle}%`)],
              )
            )[0]?.n,
          );
        leftovers[table as string] = await count(forgotten);
        kept[table as string] = await count([KEPT, ids.kept]);
      }
      return { leftovers, kept };
    });
    expect(Object.keys(leftovers)).toEqual(
      expect.arrayContaining([
        'skills',
        'skill_revisions',
        'skill_files',
        'owners',
        'archived_skills',
        'learning_jobs',
        'chat_sessions',
      ]),
    );
    expect(Object.keys(leftovers).some((table) => table.startsWith('vectors_'))).toBe(true);
    expect(Object.entries(leftovers).filter(([, count]) => count > 0)).toEqual([]);
    // The other user keeps everything: skill, both revisions with files, vector, job, session.
    expect(kept).toMatchObject({
      skills: 1,
      skill_revisions: 2,
      skill_files: 2,
      owners: 1,
      learning_jobs: 1,
      chat_sessions: 1,
    });
    const vectorTable = Object.keys(kept).find((table) => table.startsWith('vectors_')) as string;
    expect(kept[vectorTable]).toBe(1);
    expect(await cli(['list', '--user-id', KEPT], url)).toContain(ids.kept);
    expect(await cli(['list', '--user-id', FORGOTTEN], url)).toBe('No skills.\n');
  });

  it('prune archives into the database and restore brings every version and resource back', {
    tags: ['slow'],
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const url = await pgliteUrl(join(directory, 'pg-prune'));
    await importTwice(url, FORGOTTEN, [{ id: ids.released, name: 'release-steps' }]);
    const versions = JSON.parse(await cli(['versions', ids.released, '--json'], url));
    expect(versions).toHaveLength(2);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * DAY });
    const pruned = JSON.parse(await cli(['prune', '--unused-for', '30d', '--json'], url));
    expect(pruned).toMatchObject({ dryRun: false, checked: 1 });
    expect(pruned.skills.map((skill: { id: string }) => skill.id)).toEqual([ids.released]);
    expect(await cli(['list', '--user-id', FORGOTTEN], url)).toBe('No skills.\n');
    expect(await cli(['list', '--archived', '--user-id', FORGOTTEN], url)).toContain(
      'pruned: never used',
    );
    const hidden = await runInProcess(['show', ids.released, '--database-url', url]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toContain(`autoskill restore ${ids.released}`);

    expect(await cli(['restore', ids.released], url)).toMatch(
      /^Restored .* v0\.1\.1, revision 2\n$/,
    );
    expect(JSON.parse(await cli(['versions', ids.released, '--json'], url))).toEqual(versions);
    expect(await cli(['export', ids.released], url)).toContain('The second way.');
    const out = join(directory, 'exported');
    const folder = (await cli(['export', ids.released, '--out-dir', out], url)).trim();
    expect(await readFile(join(folder, 'references', 'notes.md'), 'utf8')).toBe(
      'notes of release-steps\n',
    );
    expect(await cli(['list', '--archived', '--user-id', FORGOTTEN], url)).not.toContain(
      ids.released,
    );
  });
});
