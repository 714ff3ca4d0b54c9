// Issue 16: the CLI on PostgreSQL — migrate, import and search in a database, copy-store both
// ways, errors. On an embedded PGlite folder, and also on AUTOSKILL_TEST_DATABASE_URL when set.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './test-support/run-in-process';
import {
  DATABASE_START_TIMEOUT,
  pgliteUrl,
  serverUrlWithFreshSchema,
  TEST_SERVER_URL,
} from './test-support/test-database-url';

let directory: string;
let pglite: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-database-'));
  pglite = await pgliteUrl(join(directory, 'pgdata'));
}, DATABASE_START_TIMEOUT);
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeSkill(root: string, name: string, description: string, body: string) {
  await mkdir(join(root, name, 'references'), { recursive: true });
  await writeFile(
    join(root, name, 'SKILL.md'),
    `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}\n`,
  );
  await writeFile(join(root, name, 'references', 'notes.md'), `notes of ${name}\n`);
}

const targets: Array<[string, () => string]> = [['PGlite', () => pglite]];
if (TEST_SERVER_URL) {
  const url = serverUrlWithFreshSchema(TEST_SERVER_URL);
  targets.push(['a PostgreSQL server', () => url]);
}

describe.each(targets)('autoskill on %s', (_kind, databaseUrl) => {
  it('migrates, imports and searches in the database, and copies skills to a folder and back', {
    tags: ['slow'],
    timeout: DATABASE_START_TIMEOUT,
  }, async () => {
    const url = databaseUrl();
    const check = await runInProcess(['migrate', '--check'], { env: { DATABASE_URL: url } });
    expect(check).toMatchObject({ code: 1, stderr: '' });
    expect(check.stdout).toMatch(
      /^schema version 0; (\d+) migration\(s\) pending \(latest \1\): run autoskill migrate\n$/,
    );
    const migrated = await runInProcess(['migrate', '--database-url', url]);
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    const latest = /latest (\d+)/.exec(check.stdout)?.[1];
    expect(migrated.stdout).toBe(`schema version ${latest}; ${latest} migration(s) applied\n`);
    const again = await runInProcess(['migrate', '--check', '--database-url', url]);
    expect(again).toMatchObject({ code: 0, stdout: `schema version ${latest}; up to date\n` });

    const folders = join(directory, `folders-${_kind.length}`);
    await writeSkill(
      folders,
      'release-checklist',
      'Steps to release a service to production',
      'Tag the release, run the smoke tests, then announce it in #releases.',
    );
    const imported = await runInProcess([
      'import',
      '--root-dir',
      folders,
      '--database-url',
      url,
      '--json',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const found = await runInProcess([
      'search',
      'how do I release a service',
      '--database-url',
      url,
      '--json',
    ]);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)[0]).toMatchObject({ name: 'release-checklist' });

    // Database → folder, twice: the second run finds nothing new.
    const local = join(directory, `local-${_kind.length}`);
    const toLocal = await runInProcess(['copy-store', '--from', url, '--to', local]);
    expect(toLocal).toMatchObject({ code: 0, stderr: '' });
    expect(toLocal.stdout).toBe(
      '1 skill(s) copied, 0 updated, 0 unchanged; 1 revision(s) written\n',
    );
    const rerun = await runInProcess(['copy-store', '--from', url, '--to', local]);
    expect(rerun.stdout).toBe('0 skill(s) copied, 0 updated, 1 unchanged; 0 revision(s) written\n');
    const listed = await runInProcess([
      'search',
      'release a service',
      '--store-dir',
      local,
      '--json',
    ]);
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ name: 'release-checklist' });

    // Folder → database: a skill made locally (two revisions) arrives with its history.
    const more = join(directory, `more-${_kind.length}`);
    await writeSkill(
      more,
      'invoice-export',
      'Export invoices as CSV',
      'Open billing, filter the month, export CSV.',
    );
    for (let round = 0; round < 2; round += 1)
      expect(
        (await runInProcess(['import', '--root-dir', more, '--store-dir', local, '--json'])).code,
      ).toBe(0);
    const toDatabase = await runInProcess(['copy-store', '--from', local, '--to', url, '--json']);
    expect(toDatabase).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(toDatabase.stdout);
    expect(report).toMatchObject({ unchanged: [expect.any(String)], skippedNewer: [] });
    expect(report.created).toHaveLength(1);
    const invoice = await runInProcess([
      'search',
      'export invoices to csv',
      '--database-url',
      url,
      '--json',
    ]);
    const hit = JSON.parse(invoice.stdout)[0];
    expect(hit).toMatchObject({ name: 'invoice-export' });
    const versions = await runInProcess(['versions', hit.id, '--database-url', url, '--json']);
    expect(versions.code).toBe(0);
    expect(JSON.parse(versions.stdout).length).toBe(report.revisions);
  });
});

describe('database URL errors', () => {
  it('refuses an unknown scheme with exit 2 and one line that never shows the password', async () => {
    const result = await runInProcess([
      'search',
      'x',
      '--database-url',
      'mysql://admin:s3cret-pass@db.example/skills',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/unsupported scheme "mysql:"/);
    expect(result.stderr).not.toContain('s3cret');
  });

  it('asks for a database URL in migrate and for two different stores in copy-store', async () => {
    const migrate = await runInProcess(['migrate']);
    expect(migrate).toMatchObject({ code: 2 });
    expect(migrate.stderr).toMatch(/^autoskill: migrate needs --database-url/);
    const same = await runInProcess([
      'copy-store',
      '--from',
      'pglite://memory',
      '--to',
      'pglite://memory',
    ]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/two different stores/);
    const workers = await runInProcess([
      'proxy',
      '--workers',
      '2',
      '--database-url',
      'pglite://memory',
    ]);
    expect(workers.code).toBe(2);
    expect(workers.stderr).toMatch(/^autoskill: --workers needs a PostgreSQL server/);
  });
});
