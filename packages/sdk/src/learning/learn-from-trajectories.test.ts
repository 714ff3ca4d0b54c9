import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useOfflineClient } from '../test-support/offline-client';
import { collectExperienceRecords } from './experience-records';

const FIXTURES = resolve(import.meta.dirname, '../../../../fixtures/trajectories');

describe('learnFromTrajectories', () => {
  const offline = useOfflineClient('trajectories');

  it('learns a procedure from each successful run of a folder, and nothing from failed or one-off runs', async () => {
    const result = await offline.client.learnFromTrajectories({ userId: 'u1', path: FIXTURES });
    expect(result).toMatchObject({ totalTrajectories: 5, processed: 5, failed: 0, errors: [] });
    expect(result.trajectories.map((run) => [run.source, run.learned.length])).toEqual([
      ['deploy-with-fix.json#1 (run-deploy-billing-staging)', 1],
      ['event-runs.jsonl#1 (run-weekly-sales-report)', 1],
      ['event-runs.jsonl#2 (run-unit-conversion)', 0],
      ['failed-migration.json#1 (run-orders-migration)', 0],
      ['trivial-weather.json#1 (run-weather)', 0],
    ]);
    expect(result.trajectories[3]!.reason).toMatch(/^the run failed/);
    expect(result.trajectories[4]!.reason).toMatch(/one-off, not a procedure/);
    expect(result.added.map((skill) => skill.title)).toEqual([
      'Standard release process',
      'Sales report compiling',
    ]);
    const [release] = await offline.client.search('deploy a service to staging', { userId: 'u1' });
    expect(release!.skill.instructions).toContain('# Workflow\n1. `install_dependencies`');
  });

  it('reads one file, and lists a bad JSONL line without stopping', async () => {
    const file = join(offline.directory, 'runs.jsonl');
    await cp(join(FIXTURES, 'event-runs.jsonl'), file);
    await writeFile(file, `${await readFile(file, 'utf8')}{not json\n`);
    const result = await offline.client.learnFromTrajectories({ userId: 'u1', path: file });
    expect(result.totalTrajectories).toBe(2);
    expect(result.errors).toEqual([{ source: `${file}:3`, error: 'line is not valid JSON' }]);
  });

  it('says so when a path holds no trajectories', async () => {
    const empty = join(offline.directory, 'empty');
    await mkdir(empty);
    await expect(
      offline.client.learnFromTrajectories({ userId: 'u1', path: empty }),
    ).rejects.toThrow(/no trajectories found in/);
    await expect(
      offline.client.learnFromTrajectories({ userId: 'u1', path: join(empty, 'nope.json') }),
    ).rejects.toThrow(/does not exist/);
    await expect(
      offline.client.learnFromTrajectories({ userId: '../x', path: FIXTURES }),
    ).rejects.toThrow(/user/i);
  });

  it('learnFromConversations reads a folder of conversation files too', async () => {
    const folder = join(offline.directory, 'chats');
    await mkdir(join(folder, 'nested'), { recursive: true });
    const chat = (rule: string) =>
      JSON.stringify([
        { role: 'user', content: 'Write a report about agents' },
        { role: 'assistant', content: 'Here it is.' },
        { role: 'user', content: rule },
      ]);
    await writeFile(join(folder, 'a.json'), chat('Always cite every number.'));
    await writeFile(join(folder, 'nested', 'b.jsonl'), `${chat('Never use tables.')}\n`);
    await writeFile(join(folder, 'notes.txt'), 'not a conversation');
    const result = await offline.client.learnFromConversations({ userId: 'u1', file: folder });
    expect(result).toMatchObject({ totalConversations: 2, processed: 2, failed: 0, errors: [] });
  });
});

describe('collectExperienceRecords', () => {
  it('turns sparse record fields into turns and an outcome event, and keeps tool calls', () => {
    const call = { id: 'c1', type: 'function', function: { name: 'search', arguments: '{}' } };
    const [record] = collectExperienceRecords({
      runs: [
        {
          goal: 'Find the cheapest flight',
          trajectory: [{ role: 'assistant', content: null, tool_calls: [call] }],
          status: 'failed',
          feedback: 'always filter by direct flights',
        },
      ],
    });
    expect(record).toEqual({
      messages: [
        { role: 'user', content: 'Find the cheapest flight' },
        { role: 'assistant', content: null, tool_calls: [call] },
      ],
      events: [
        { type: 'feedback', feedback: 'always filter by direct flights' },
        { type: 'outcome', success: false },
      ],
    });
  });

  it('reads request logs and plain message lists', () => {
    const records = collectExperienceRecords([
      {
        request: { messages: [{ role: 'user', content: 'hi' }] },
        response: { choices: [{ message: { content: 'hello' } }] },
      },
      [{ role: 'user', content: 'plain' }],
    ]);
    expect(records.map((record) => record.messages)).toEqual([
      [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
      ],
      [{ role: 'user', content: 'plain' }],
    ]);
  });
});
