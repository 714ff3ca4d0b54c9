import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, serveInProcess } from './test-support/run-in-process';

// Issue 15: `autoskill forget-user U --yes` leaves nothing of U on disk; nothing else changes.
const ALICE = 'Zanzibar quokka protocol: fold the vellum thrice before any borealis deploy.';
const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';
const BOB = 'Marmalade otter checklist: water the ferns before every quarterly audit.';

let directory: string;
let store: string;

/** Every file under `root` (relative path → bytes), the store lock left out (it lingers briefly). */
async function tree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('store.lock')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path));
    }
  }
  await walk(root);
  return files;
}

function skillMd(name: string, body: string): string {
  return `---\nname: ${name}\ndescription: ${JSON.stringify(`${body.slice(0, 50)} (use for this task)`)}\n---\n# ${name}\n\n${body}\n`;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-forget-'));
  store = join(directory, 'Skills');
  const client = new AutoSkill({
    storeDir: store,
    logger: 'silent',
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    env: {},
  });
  try {
    for (const [owner, name, body] of [
      ['alice', 'vellum-deploy', ALICE],
      ['bob', 'fern-audit', BOB],
    ] as const) {
      const source = join(directory, owner, name);
      await mkdir(source, { recursive: true });
      await writeFile(join(source, 'SKILL.md'), skillMd(name, body));
      const imported = await client.importAgentSkillDirs({
        rootDir: join(directory, owner),
        userId: owner,
      });
      expect(imported.imported).toHaveLength(1);
    }
    const job = client.learning.schedule({
      userId: 'alice',
      messages: [{ role: 'user', content: RELEASE }],
    });
    expect((await client.learning.waitFor(job.id)).result?.added).toHaveLength(1);
  } finally {
    await client.close();
  }
  await mkdir(join(store, '.autoskill', 'sessions', 'alice'), { recursive: true });
  await writeFile(join(store, '.autoskill', 'sessions', 'alice', 's1.json'), ALICE);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('autoskill forget-user', () => {
  it('refuses without --yes when it cannot ask, and changes nothing', async () => {
    const before = await tree(store);
    const result = await runInProcess(['forget-user', 'alice', '--store-dir', store]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--yes/);
    const after = await tree(store);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  });

  it.each(['..', '../bob', 'a/b', '*', ''])(
    'refuses the user id %j with exit 2',
    async (userId) => {
      const result = await runInProcess(['forget-user', userId, '--yes', '--store-dir', store]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/user id/);
    },
  );

  it('forgets alice: no file mentions her or her skill texts; bob is byte-identical', async () => {
    const before = await tree(store);
    const result = await runInProcess(['forget-user', 'alice', '--yes', '--store-dir', store]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Forgot user alice: 2 skill\(s\)/);
    const after = await tree(store);
    for (const [path, bytes] of after) {
      expect(path.includes('alice'), path).toBe(false);
      const text = bytes.toString('latin1');
      for (const secret of ['alice', 'quokka', 'vellum', 'canary'])
        expect(text.includes(secret), `${path} mentions ${secret}`).toBe(false);
    }
    for (const [path, bytes] of before)
      if (path.startsWith('Users/bob/')) expect(after.get(path)?.equals(bytes), path).toBe(true);
    const listed = await runInProcess([
      'list',
      '--user-id',
      'alice',
      '--json',
      '--store-dir',
      store,
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    const search = await runInProcess([
      'search',
      'quokka vellum borealis deploy',
      '--user-id',
      'alice',
      '--json',
      '--store-dir',
      store,
    ]);
    expect(search.code).toBe(0);
    expect(JSON.stringify(JSON.parse(search.stdout))).not.toMatch(/quokka/);
    const bob = await runInProcess(['list', '--user-id', 'bob', '--json', '--store-dir', store]);
    expect(JSON.parse(bob.stdout)).toHaveLength(1);
  });
});

describe('autoskill proxy --admin-key', () => {
  // Loads the proxy package (the `proxy` command imports it on use): seconds on a busy machine.
  it('refuses a short admin key with exit 2', { tags: ['slow'] }, async () => {
    const result = await runInProcess(['proxy', '--admin-key', 'short', '--store-dir', store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--admin-key must be at least 16 characters/);
    expect(result.stderr).not.toContain('short\n');
  });

  it('serves DELETE /v1/autoskill/users/{id} with the key from AUTOSKILL_ADMIN_KEY', {
    tags: ['slow'],
  }, async () => {
    const adminKey = 'cli-admin-key-0123456789';
    const served = await serveInProcess(
      ['proxy', '--extract-mode', 'never'],
      { AUTOSKILL_PROXY_PORT: '0', AUTOSKILL_STORE_DIR: store, AUTOSKILL_ADMIN_KEY: adminKey },
      /AutoSkill proxy on (http:\/\/\S+)\/v1/,
    );
    try {
      const forget = (key: string) =>
        fetch(`${served.url}/v1/autoskill/users/bob`, {
          method: 'DELETE',
          headers: { 'x-autoskill-admin-key': key },
        });
      expect((await forget('not-the-admin-key-000')).status).toBe(401);
      const response = await forget(adminKey);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ user_id: 'bob', deleted_skills: 1 });
      expect(served.stdout.text + served.stderr.text).not.toContain(adminKey);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
