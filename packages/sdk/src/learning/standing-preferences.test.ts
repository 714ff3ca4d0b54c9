import { appliesToEveryAnswer } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { useOfflineClient } from '../test-support/offline-client';

// Issue 14, part 1: a rule meant for every answer applies to every answer, not only to requests
// that share its words; one-off parameters of a request teach nothing.

const offline = useOfflineClient('standing');

async function turn(session: ReturnType<typeof offline.client.createSession>, text: string) {
  const result = await session.send(text);
  if (result.kind !== 'chat') throw new Error(`expected a chat turn, got /${result.command}`);
  await result.text;
  const job = await result.job;
  return {
    trace: result.trace,
    job: job ? await offline.client.learning.waitFor(job.id) : undefined,
  };
}

describe('standing preferences', () => {
  it('are injected into unrelated requests, merge with each other, and stay editable skills', async () => {
    const session = offline.client.createSession({ userId: 'ann' });
    const stated = await turn(
      session,
      'From now on, always answer in bullet points and never use emojis.',
    );
    const [skill] = stated.job?.result?.added ?? [];
    expect(skill).toMatchObject({ name: 'answer-preferences', version: '0.1.0' });
    const stored = await offline.client.get(skill?.id as string);
    expect(stored && appliesToEveryAnswer(stored)).toBe(true);
    expect(await offline.client.exportSkillMd(skill?.id as string)).toContain(
      "applies-to: 'every-answer'",
    );

    // A request that shares no word with the rule still gets it, first, marked as standing.
    const dns = await offline.client.prepareTurn({
      userId: 'ann',
      messages: [{ role: 'user', content: 'Explain how DNS works.' }],
    });
    expect(dns.trace.hits[0]).toMatchObject({
      id: skill?.id,
      injected: true,
      standing: true,
      reason: 'injected: standing preference',
    });
    expect(dns.context).toContain('bullet points');

    // A second standing preference merges into the same skill instead of piling up.
    const more = await turn(session, 'Also, from now on keep your answers concise.');
    expect(more.job?.result?.merged.map((entry) => entry.id)).toEqual([skill?.id]);
    expect(more.job?.result?.merged[0]?.version).toBe('0.1.1');
    expect(await offline.client.list({ userId: 'ann' })).toHaveLength(1);

    // Another user never gets them.
    const other = await offline.client.prepareTurn({
      userId: 'bob',
      messages: [{ role: 'user', content: 'Explain how DNS works.' }],
    });
    expect(other.trace.hits.some((hit) => hit.standing)).toBe(false);
    expect(other.context).toBe('');
  });

  it('tells a preference for every answer from a task skill and from a one-off request, in both languages', async () => {
    const session = offline.client.createSession({ userId: 'cai' });
    const haiku = await turn(session, 'Write a haiku about spring without emojis.');
    expect(haiku.job?.result?.added ?? []).toEqual([]);
    const style = await turn(
      session,
      'Give me an answer about bullet points style for HTTP caching',
    );
    expect(style.job?.result?.added ?? []).toEqual([]);
    expect(style.job?.result?.merged ?? []).toEqual([]);

    const report = await turn(
      session,
      'From now on, when you write reports for me: always cite a source for every number and never exceed 500 words.',
    );
    const [reportSkill] = report.job?.result?.added ?? [];
    const reportStored = await offline.client.get(reportSkill?.id as string);
    expect(reportStored && appliesToEveryAnswer(reportStored)).toBe(false);

    const chinese = await turn(session, '以后回答都用中文，不要用表情符号。');
    const [zh] = chinese.job?.result?.added ?? [];
    expect(zh).toMatchObject({ name: 'answer-preferences' });
    const unrelated = await offline.client.prepareTurn({
      userId: 'cai',
      messages: [{ role: 'user', content: 'How do vaccines work?' }],
    });
    expect(unrelated.trace.hits.filter((hit) => hit.injected).map((hit) => hit.id)).toEqual([
      zh?.id,
    ]);
    expect(unrelated.context).toContain('用中文');
  });
});
