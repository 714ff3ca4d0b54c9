import type { ExtractionJob } from '@autoskill/sdk';
import { describe, expect, it } from 'vitest';
import { jobLabel } from './job-label';
import { completeInput, helpText, SLASH_COMMANDS, suggestCommand } from './slash-commands';

describe('slash commands', () => {
  it('lists every command of the original plus versions, rollback, diff and settings in /help', () => {
    const names = SLASH_COMMANDS.map((command) => command.name);
    for (const name of [
      'help',
      'exit',
      'quit',
      'clear',
      'paste',
      'file',
      'extract',
      'extract_every',
      'extract_now',
      'rewrite',
      'scope',
      'skills',
      'search',
      'export',
      'write',
      'versions',
      'rollback',
      'diff',
      'settings',
    ])
      expect(names).toContain(name);
    const help = helpText();
    for (const command of SLASH_COMMANDS) expect(help).toContain(command.usage);
    expect(help).toContain('Ctrl+J');
  });

  it('completes a command, a mode and a skill name; lists the choices when several fit', () => {
    expect(completeInput('/ver', [])).toEqual({ text: '/versions ', candidates: ['versions'] });
    expect(completeInput('/ex', [])?.candidates).toEqual([
      'exit',
      'extract',
      'extract_every',
      'extract_now',
      'export',
    ]);
    expect(completeInput('/ex', [])?.text).toBe('/ex');
    expect(completeInput('/extract_', [])?.text).toBe('/extract_');
    expect(completeInput('/scope co', [])?.text).toBe('/scope common ');
    expect(completeInput('/export rep', ['report-writing', 'release-sop'])?.text).toBe(
      '/export report-writing ',
    );
    expect(completeInput('/diff re', ['report-writing', 'release-sop'])).toEqual({
      text: '/diff re',
      candidates: ['report-writing', 'release-sop'],
    });
    expect(completeInput('hello', ['report-writing'])).toBeUndefined();
  });

  it('suggests the closest command for a typo, and nothing for noise', () => {
    expect(suggestCommand('serch')).toBe('search');
    expect(suggestCommand('rollbak')).toBe('rollback');
    expect(suggestCommand('sk')).toBe('skills');
    expect(suggestCommand('zzzzzzzz')).toBeUndefined();
  });
});

describe('job labels', () => {
  const job = (patch: Partial<ExtractionJob>): ExtractionJob => ({
    id: 'job_1',
    userId: 'u1',
    trigger: 'auto',
    status: 'scheduled',
    history: [],
    createdAt: '2026-12-02T00:00:00.000Z',
    ...patch,
  });
  it('says what learning did, in the words of the panel', () => {
    expect(jobLabel(job({}))).toBe('scheduled');
    expect(
      jobLabel(
        job({ status: 'running', startedAt: '2026-12-02T00:00:00.000Z' }),
        Date.parse('2026-12-02T00:00:04.000Z'),
      ),
    ).toBe('running 4s');
    const skill = { id: 'x', name: 'report-writing', title: 'Report writing' };
    expect(
      jobLabel(
        job({
          status: 'completed',
          result: {
            added: [{ ...skill, version: '0.1.0' }],
            merged: [],
            discarded: false,
            reason: '',
          },
        }),
      ),
    ).toBe('added "report-writing" v0.1.0');
    expect(
      jobLabel(
        job({
          status: 'completed',
          result: {
            added: [],
            merged: [{ ...skill, version: '0.1.1' }],
            discarded: false,
            reason: '',
          },
        }),
      ),
    ).toBe('merged into "report-writing" v0.1.1');
    expect(
      jobLabel(
        job({
          status: 'completed',
          result: { added: [], merged: [], discarded: false, reason: 'one-off request' },
        }),
      ),
    ).toBe('nothing learned: one-off request');
    expect(jobLabel(job({ status: 'failed', error: 'model timed out' }))).toBe(
      'failed: model timed out',
    );
    expect(jobLabel(job({ status: 'dropped', dropReason: 'user_queue_full' }))).toBe(
      'dropped: user_queue_full',
    );
  });
});
