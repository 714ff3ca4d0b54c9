import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import { runInProcess, textBuffer } from './test-support/run-in-process';

const CONSTRAINT =
  'From now on, when you write reports for me: always cite a source for every number and never exceed 500 words.';
const FEEDBACK =
  'Also, always add an executive summary at the top of the report, and keep it under two pages.';

let directory: string;
let storeDir: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'autoskill-cli-chat-'));
  storeDir = join(directory, 'Skills');
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** `printf 'lines' | autoskill chat …`: stdin is a pipe, so the chat runs in its plain line mode. */
async function pipedChat(lines: string[], args: string[] = []) {
  const stdout = textBuffer();
  const stderr = textBuffer();
  const code = await runCli(['chat', '--store-dir', storeDir, ...args], {
    stdin: Readable.from(lines.map((line) => `${line}\n`)),
    stdout,
    stderr,
    env: {},
    untilStopped: () => new Promise(() => {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('autoskill chat without a terminal (line mode)', () => {
  it('answers each line in plain text, learns nothing from a generic request and the constraint after it', {
    tags: ['slow'],
  }, async () => {
    const generic = await pipedChat(['Write a report about sales.']);
    expect(generic.code).toBe(0);
    expect(generic.stdout).toContain('You said: "Write a report about sales."');
    expect(generic.stdout).toMatch(/\[learning: nothing learned: .+\]/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: plain text has no escapes
    expect(generic.stdout).not.toMatch(/\u001B\[/);

    const constraint = await pipedChat([CONSTRAINT]);
    expect(constraint.stdout).toContain('[learning: added "report-writing" v0.1.0]');
    const listed = await runInProcess([
      'list',
      '--store-dir',
      storeDir,
      '--user-id',
      'u1',
      '--json',
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'report-writing', version: '0.1.0' }),
    ]);

    const feedback = await pipedChat([FEEDBACK]);
    expect(feedback.stdout).toContain('[learning: merged into "report-writing" v0.1.1]');
  });

  it('runs the skill commands: list, search, export, versions, diff, rollback (confirmed), settings, unknown', {
    tags: ['slow'],
  }, async () => {
    await pipedChat([CONSTRAINT]);
    await pipedChat([FEEDBACK]);
    const run = await pipedChat(
      [
        '/skills',
        '/search cite a source for every number in reports',
        '/versions report-writing',
        '/diff report-writing',
        '/rollback report-writing',
        'y',
        '/export report-writing',
        '/settings',
        '/extrct never',
        '/exit',
        'never read',
      ],
      ['--top-k', '3', '--min-score', '0.05'],
    );
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^report-writing {2}v0\.1\.1 {2}\S+$/m);
    expect(out).toMatch(/^0\.\d{3} {2}report-writing {2}v0\.1\.1 {2}user/m);
    expect(out).toMatch(/v0\.1\.0 {2}revision 1 {2}create/);
    expect(out).toMatch(/v0\.1\.1 {2}revision 2 {2}merge .*\(current\)/);
    expect(out).toContain('--- v0.1.0 (revision 1)');
    expect(out).toContain('+++ v0.1.1 (revision 2)');
    expect(out).toContain('Roll back "report-writing" from v0.1.1 to v0.1.0? (y/N)');
    expect(out).toContain('Rolled back "report-writing" to v0.1.0 (revision 3; history kept).');
    expect(out).toMatch(/version: '?0\.1\.0'?/);
    expect(out).toContain('top_k          3');
    expect(out).toContain('Unknown command /extrct. Did you mean /extract?');
    expect(out).not.toContain('never read');
  });
});
