import type { Skill, SkillHit } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';
import { describe, expect, it } from 'vitest';
import type { IngestInput, SearchOptions } from '../types';
import { ChatSession } from './chat-session';
import type { ChatSessionHost } from './chat-session-host';
import type { ExtractionJob, ExtractionTrigger } from './learning-job';
import type { PreparedTurn, TurnOptions } from './prepare-turn';

const skill = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  name: 'standard-release-process',
  title: 'Standard release process',
  version: '0.1.0',
  scope: 'user',
  owner: 'u1',
} as Skill;

/** A host with no AutoSkill behind it: what the TUI or the web studio could hand a session. */
function recordingHost(answer = 'Run regression, then canary.') {
  const calls = {
    turns: [] as TurnOptions[],
    scheduled: [] as Array<{ input: IngestInput; trigger: ExtractionTrigger }>,
    searches: [] as Array<{ query: string; options: SearchOptions }>,
  };
  const model = new MockLanguageModel({ responses: answer, chunkSize: 4 });
  const host: ChatSessionHost = {
    chatModel: async () => model,
    prepareTurn: async (options): Promise<PreparedTurn> => {
      calls.turns.push(options);
      return {
        context: '## Skill: Standard release process\nregression -> canary',
        skills: [skill],
        trace: {
          originalQuery: 'q',
          rewrittenQuery: null,
          searchQuery: 'q',
          rewriteMode: options.rewriteMode ?? 'auto',
          scope: options.scope ?? 'all',
          topK: options.topK ?? 1,
          minScore: options.minScore ?? 0,
          hits: [],
          injectedIds: [skill.id],
          elapsedMs: 0,
        },
      };
    },
    scheduleLearning: (input, trigger): ExtractionJob => {
      calls.scheduled.push({ input, trigger });
      const at = new Date().toISOString();
      return {
        id: `job_${calls.scheduled.length}`,
        userId: input.userId,
        trigger,
        status: 'scheduled',
        history: [{ status: 'scheduled', at }],
        createdAt: at,
      };
    },
    list: async () => [skill],
    search: async (query, options): Promise<SkillHit[]> => {
      calls.searches.push({ query, options });
      return [{ skill, score: 0.5 }];
    },
    get: async (id) => (id === skill.id ? skill : undefined),
    exportSkillMd: async () => '---\nname: standard-release-process\n---\nbody\n',
  };
  return { host, calls, model };
}

describe('ChatSession on its host interface', () => {
  it('retrieves, injects the skills, streams the answer and schedules learning after it', async () => {
    const { host, calls, model } = recordingHost();
    const session = new ChatSession(host, { userId: 'u1', settings: { topK: 2 } });
    const turn = await session.send('How do I release safely?');
    if (turn.kind !== 'chat') throw new Error('expected a chat turn');
    let streamed = '';
    for await (const delta of turn.textStream) streamed += delta;
    expect(streamed).toBe('Run regression, then canary.');
    expect(await turn.text).toBe(streamed);
    expect(calls.turns[0]).toMatchObject({ userId: 'u1', topK: 2, scope: 'all' });
    expect(model.calls[0]?.system).toContain('regression -> canary');
    expect(model.calls[0]?.messages).toEqual([
      { role: 'user', content: 'How do I release safely?' },
    ]);
    const job = await turn.job;
    expect(job?.trigger).toBe('auto');
    expect(calls.scheduled[0]?.input.messages?.map((message) => message.role)).toEqual([
      'user',
      'assistant',
    ]);
    expect(session.messages).toHaveLength(2);
  });

  it('runs slash commands against the host', async () => {
    const { host, calls } = recordingHost();
    const session = new ChatSession(host, { userId: 'u1' });
    const scope = await session.send('/scope library');
    expect(scope).toMatchObject({ kind: 'command', output: 'skillScope = common' });
    expect(session.settings.skillScope).toBe('common');
    expect((await session.send('/scope everyone')).kind).toBe('command');
    expect(session.settings.skillScope).toBe('common');
    const search = await session.send('/search release');
    expect(search).toMatchObject({ kind: 'command' });
    expect(calls.searches[0]).toEqual({
      query: 'release',
      options: { userId: 'u1', scope: 'common', limit: 5 },
    });
    expect(await session.send('/extract_now')).toMatchObject({
      output: 'Nothing to learn from yet: say something first.',
    });
    const hinted = await session.send('extract_now keep answers short');
    expect(hinted).toMatchObject({ kind: 'command', job: { trigger: 'extract_now' } });
    expect(calls.scheduled[0]?.input.hint).toBe('keep answers short');
    expect((await session.send(`/export ${skill.id}`)).kind).toBe('command');
    expect(await session.send('/frobnicate')).toMatchObject({
      output: 'Unknown command /frobnicate. Type /help.',
    });
  });

  it('accepts anything that provides a host, as an AutoSkill client does', async () => {
    const { host, calls } = recordingHost();
    const session = new ChatSession({ sessionHost: () => host }, { userId: 'u1' });
    await session.send('/search release');
    expect(calls.searches).toHaveLength(1);
  });
});
