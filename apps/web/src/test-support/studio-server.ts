import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
const bin = join(repoRoot, 'apps', 'cli', 'src', 'bin.ts');

/** A real `autoskill web` process on 127.0.0.1 (a free port) over a temp store. */
export interface StudioServer {
  url: string;
  storeDir: string;
  /** Everything the process printed (stdout and stderr). */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts `autoskill web --no-open --port 0` as users run it (offline defaults, no vendor key in
 * its environment), optionally with a keys file `{key: user}` and more flags (`args`).
 */
export async function startStudioServer(
  options: { keys?: Record<string, string>; args?: string[] } = {},
): Promise<StudioServer> {
  const directory = await mkdtemp(join(tmpdir(), 'autoskill-studio-e2e-'));
  const storeDir = join(directory, 'store');
  const args = [bin, 'web', '--no-open', '--port', '0', '--store-dir', storeDir];
  if (options.keys) {
    const keysFile = join(directory, 'keys.json');
    await writeFile(keysFile, JSON.stringify(options.keys));
    args.push('--keys-file', keysFile);
  }
  args.push(...(options.args ?? []));
  const child: ChildProcess = spawn(tsx, args, {
    cwd: directory,
    env: { PATH: process.env.PATH ?? '', HOME: directory, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /AutoSkill Studio on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) done(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`autoskill web exited (${code}): ${output}`)));
  });
  return {
    url,
    storeDir,
    output: () => output,
    async close() {
      child.kill('SIGTERM');
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
