import { describe, expect, it } from 'vitest';
import { useOfflineClient } from '../test-support/offline-client';

const offline = useOfflineClient('scenario');

async function turn(session: ReturnType<typeof offline.client.createSession>, text: string) {
  const result = await session.send(text);
  if (result.kind !== 'chat') throw new Error(`expected a chat turn, got /${result.command}`);
  const answer = await result.text;
  const job = await result.job;
  const finished = job ? await offline.client.learning.waitFor(job.id) : undefined;
  return { trace: result.trace, answer, job: finished };
}

describe('report-writing scenario (offline)', () => {
  it('learns from constraints, evolves the same skill, retrieves it for the next similar task, and rolls back exactly', async () => {
    const session = offline.client.createSession({ userId: 'writer' });
    const first = await turn(session, 'Write a report about self-evolving agents.');
    expect(first.job?.status).toBe('completed');
    expect(first.job?.result?.added).toEqual([]);
    expect(await offline.client.list({ userId: 'writer' })).toEqual([]);

    const second = await turn(
      session,
      'For reports like this: do not hallucinate; cite every number with its source.',
    );
    expect(second.job?.result?.added).toHaveLength(1);
    const skill = second.job?.result?.added[0];
    expect(skill?.version).toBe('0.1.0');
    const v010 = await offline.client.exportSkillMd(skill?.id as string);
    expect(v010).toMatch(/hallucinat/i);
    expect(v010).toMatch(/cite every number/i);

    const third = await turn(
      session,
      'Also, always add an executive summary at the top of the report, and keep it under two pages.',
    );
    expect(third.job?.result?.merged.map((entry) => entry.id)).toEqual([skill?.id]);
    expect(third.job?.result?.merged[0]?.version).toBe('0.1.1');
    const skills = await offline.client.list({ userId: 'writer' });
    expect(skills).toHaveLength(1);
    const evolved = skills[0]?.instructions ?? '';
    expect(evolved).toMatch(/hallucinat/i);
    expect(evolved).toMatch(/cite every number/i);
    expect(evolved).toMatch(/executive summary/i);

    const next = offline.client.createSession({ userId: 'writer' });
    const result = await next.send('Write a government report about a self-evolving agent.');
    if (result.kind !== 'chat') throw new Error('expected chat');
    await result.text;
    expect(result.trace.injectedIds).toEqual([skill?.id]);
    expect(result.trace.hits[0]?.injected).toBe(true);

    const restored = await offline.client.rollback(skill?.id as string, { toVersion: '0.1.0' });
    expect(restored.version).toBe('0.1.0');
    expect(await offline.client.exportSkillMd(skill?.id as string)).toBe(v010);
    expect(
      (await offline.client.versions(skill?.id as string)).map((entry) => entry.version),
    ).toEqual(['0.1.0', '0.1.1', '0.1.0']);
  });
});

describe('lab protocol scenario (offline)', () => {
  it('keeps hard limits and mandatory SOP steps across feedback', async () => {
    const session = offline.client.createSession({ userId: 'scientist' });
    await turn(session, 'Draft the cell culture protocol for tomorrow.');
    expect(await offline.client.list({ userId: 'scientist' })).toEqual([]);
    const learned = await turn(
      session,
      'For every cell culture protocol: never exceed 37 °C in the incubator, and always run the calibration step before measuring.',
    );
    expect(learned.job?.result?.added).toHaveLength(1);
    const id = learned.job?.result?.added[0]?.id as string;
    const feedback = await turn(
      session,
      'In cell culture protocols you must also use SOP step 3 before step 4, and log every temperature reading.',
    );
    expect(feedback.job?.result?.merged.map((entry) => entry.id)).toEqual([id]);
    const skill = await offline.client.get(id);
    expect(skill?.version).toBe('0.1.1');
    expect(skill?.instructions).toMatch(/37 °C/);
    expect(skill?.instructions).toMatch(/calibration/i);
    expect(skill?.instructions).toMatch(/step 3 before step 4/i);
    const next = await offline.client.prepareTurn({
      userId: 'scientist',
      messages: [
        { role: 'user', content: 'Write a cell culture protocol for the new HeLa batch.' },
      ],
    });
    expect(next.trace.injectedIds).toEqual([id]);
    expect(next.context).toMatch(/37 °C/);
  });
});

describe('learning queue', () => {
  it('runs jobs in the background with a status history', async () => {
    const seen: string[] = [];
    const stop = offline.client.learning.subscribe((job) => seen.push(job.status));
    const job = offline.client.learning.schedule(
      {
        userId: 'u1',
        messages: [
          {
            role: 'user',
            content: 'Before each release: run regression -> canary -> monitor -> full rollout.',
          },
        ],
      },
      'extract_now',
    );
    expect(job.status).toBe('scheduled');
    const done = await offline.client.learning.waitFor(job.id);
    stop();
    expect(done.history.map((entry) => entry.status)).toEqual([
      'scheduled',
      'running',
      'completed',
    ]);
    expect(seen).toEqual(['scheduled', 'running', 'completed']);
    expect(done.result?.added).toHaveLength(1);
    expect(offline.client.learning.latest('u1')?.id).toBe(job.id);
    expect(offline.client.learning.list('someone-else')).toEqual([]);
  });

  it('50 parallel ingests for one user touching the same skill end with one skill and a linear history', async () => {
    const base = 'For every release note: always list breaking changes first.';
    await offline.client.ingest({ userId: 'u1', messages: [{ role: 'user', content: base }] });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        offline.client.ingest({
          userId: 'u1',
          messages: [
            {
              role: 'user',
              content: `For every release note: always mention ticket group ${index + 1000} in the footer.`,
            },
          ],
        }),
      ),
    );
    const skills = await offline.client.list({ userId: 'u1' });
    expect(skills).toHaveLength(1);
    const versions = await offline.client.versions(skills[0]?.id as string);
    expect(versions.map((entry) => entry.revision)).toEqual(
      Array.from({ length: versions.length }, (_, index) => index + 1),
    );
    const merged = results.filter((result) => result.merged.length === 1).length;
    expect(versions).toHaveLength(1 + merged);
    expect(merged).toBe(50);
  });

  it('handles /extract_now with a hint and the other slash commands', async () => {
    const session = offline.client.createSession({ userId: 'u2' });
    const nothing = await session.send('/extract_now');
    expect(nothing.kind === 'command' && nothing.output).toMatch(/Nothing to learn/);
    await turn(session, 'Summarise this changelog for me.');
    const forced = await session.send('extract_now always write summaries as three bullet points');
    expect(forced.kind).toBe('command');
    const job = forced.kind === 'command' ? forced.job : undefined;
    expect(job?.trigger).toBe('extract_now');
    expect((await offline.client.learning.waitFor(job?.id as string)).status).toBe('completed');
    const mode = await session.send('/extract never');
    expect(mode.kind === 'command' && mode.output).toBe('extractMode = never');
    expect((await session.send('/scope everyone')).kind === 'command').toBe(true);
    expect(session.settings.skillScope).toBe('all');
  });
});
