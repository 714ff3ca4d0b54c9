// The CLI as a new user gets it: the workspace packs its packages as it would publish them
// (`pnpm check:packages --no-lint`: pnpm pack, publishConfig, prepack builds), npm installs the
// tarballs into an empty folder outside the workspace, and `autoskill` runs from there.
//
// Offline: npm installs with --offline from its cache; where the cache lacks a third-party
// package (a fresh machine), it retries with --prefer-offline, which fetches only what is missing
// from the registry. If the registry cannot be reached either, the tests skip and say why.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const LONG = 600_000;

let directory: string;
let app: string;
/** Why the tarballs could not be installed here (no registry and no cache), if so. */
let cannotInstall: string | undefined;

/** `@autoskill/cli` and every workspace package it depends on, transitively. */
async function cliPackages(): Promise<string[]> {
  const manifests = new Map<string, { dependencies?: Record<string, string> }>();
  for (const group of ['packages', 'apps']) {
    for (const folder of await readdir(join(repoRoot, group))) {
      try {
        const manifest = JSON.parse(
          await readFile(join(repoRoot, group, folder, 'package.json'), 'utf8'),
        );
        manifests.set(manifest.name, manifest);
      } catch {
        // not a package folder
      }
    }
  }
  const wanted = new Set(['@autoskill/cli']);
  for (const name of wanted)
    for (const dependency of Object.keys(manifests.get(name)?.dependencies ?? {}))
      if (manifests.has(dependency)) wanted.add(dependency);
  return [...wanted];
}

const NETWORK_ERROR = /E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH)/;

async function npmInstall(tarballs: string[]): Promise<void> {
  const install = (mode: string) =>
    run('npm', ['install', mode, '--no-audit', '--no-fund', ...tarballs], {
      cwd: app,
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    await install('--offline');
  } catch (offline) {
    if (!String((offline as { stderr?: string }).stderr).includes('ENOTCACHED')) throw offline;
    try {
      await install('--prefer-offline');
    } catch (online) {
      const stderr = String((online as { stderr?: string }).stderr);
      if (!NETWORK_ERROR.test(stderr)) throw online;
      cannotInstall = `npm's cache lacks third-party packages and the registry is unreachable (${NETWORK_ERROR.exec(stderr)?.[0]})`;
    }
  }
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-packed-'));
  const tarballDirectory = join(directory, 'tarballs');
  await run(
    join(repoRoot, 'node_modules/.bin/tsx'),
    [
      'scripts/check-packages.ts',
      ...(await cliPackages()),
      '--no-lint',
      '--out-dir',
      tarballDirectory,
    ],
    { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
  );
  const tarballs = (await readdir(tarballDirectory)).map((name) => join(tarballDirectory, name));
  app = join(directory, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{ "name": "trying-autoskill", "private": true }\n');
  await npmInstall(tarballs);
}, LONG);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const environment = () => ({ PATH: process.env.PATH ?? '', HOME: directory });

function autoskill(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(app, 'node_modules/.bin/autoskill'),
      args,
      { cwd: app, env: environment() },
      (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Starts `autoskill proxy` and resolves with its URL once it says where it listens. */
function startProxy(storeDirectory: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    join(app, 'node_modules/.bin/autoskill'),
    ['proxy', '--port', '0', '--store-dir', storeDirectory],
    { cwd: app, env: environment() },
  );
  return new Promise((resolveStart, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /AutoSkill proxy on (http:\/\/\S+)\/v1/.exec(stdout)?.[1];
      if (url) resolveStart({ url, child });
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => reject(new Error(`proxy exited with ${code}: ${stderr}`)));
  });
}

describe('the packed CLI installed with npm outside the workspace', () => {
  it('runs the offline demo', { tags: ['slow'], timeout: LONG }, async ({ skip }) => {
    if (cannotInstall) skip(cannotInstall);
    const result = await autoskill(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/learned: new skill "Standard release process" v0\.1\.0/);
  });

  it('imports a skill folder and finds it by search', {
    tags: ['slow'],
    timeout: LONG,
  }, async ({ skip }) => {
    if (cannotInstall) skip(cannotInstall);
    const skills = join(directory, 'to-import', 'git-commit-messages');
    await mkdir(skills, { recursive: true });
    await writeFile(
      join(skills, 'SKILL.md'),
      [
        '---',
        'name: git-commit-messages',
        'description: Writes git commit messages in the imperative mood with a short subject line.',
        '---',
        '',
        '# Git commit messages',
        '',
        '- Subject in the imperative mood, at most 50 characters.',
        '',
      ].join('\n'),
    );
    const store = join(directory, 'Skills');
    const imported = await autoskill([
      'import',
      '--root-dir',
      join(directory, 'to-import'),
      '--store-dir',
      store,
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const found = await autoskill([
      'search',
      'how should I write a git commit message',
      '--store-dir',
      store,
      '--json',
    ]);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain('git-commit-messages');
  });

  it('serves the proxy and proxy-check passes against it', {
    tags: ['slow'],
    timeout: LONG,
  }, async ({ skip }) => {
    if (cannotInstall) skip(cannotInstall);
    const { url, child } = await startProxy(join(directory, 'proxy-skills'));
    try {
      const checked = await autoskill(['proxy-check', '--base-url', url]);
      expect(checked.stdout).toMatch(/all \d+ checks passed/);
      expect(checked.code).toBe(0);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
