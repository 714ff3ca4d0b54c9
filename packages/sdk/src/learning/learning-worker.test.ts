import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MockLanguageModel } from '@autoskill/core/testing';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it } from 'vitest';
import { AutoSkill } from '../auto-skill';
import type { AutoSkillConfig } from '../config';
import type { Logger } from '../logger';

const RELEASE = 'Before each release: run regression -> canary -> monitor -> full rollout.';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (line: string) => {
    lines.push(line);
  };
  return { lines, info: push, warn: push, error: push };
}

/** Blocks this thread (sleeping, not spinning) until `done()` or `limitMs`; returns `done()`. */
function blockUntil(done: () => boolean, limitMs: number): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const giveUp = Date.now() + limitMs;
  while (!done() && Date.now() < giveUp) Atomics.wait(pause, 0, 0, 10);
  return done();
}

let store: TempDirectory | undefined;
const clients: AutoSkill[] = [];
async function client(options: AutoSkillConfig = {}): Promise<AutoSkill> {
  store ??= await createTempDirectory();
  const autoskill = new AutoSkill({
    storeDir: store.path,
    llm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
    learningWorker: true,
    ...options,
  });
  clients.push(autoskill);
  return autoskill;
}

afterEach(async () => {
  for (const autoskill of clients.splice(0)) await autoskill.close();
  await store?.cleanup();
  store = undefined;
});

describe('learning in a worker thread', () => {
  it('learns in the worker; the client thread finds the skill as soon as the job is done', {
    tags: ['slow'],
  }, async () => {
    const autoskill = await client();
    const dryRun = await autoskill.extractCandidate({
      userId: 'alice',
      messages: [{ role: 'user', content: RELEASE }],
    });
    expect(dryRun.candidate?.name).toBeTruthy();

    const job = autoskill.learning.schedule(
      { userId: 'alice', messages: [{ role: 'user', content: RELEASE }] },
      'auto',
    );
    const done = await autoskill.learning.waitFor(job.id);
    expect(done.status).toBe('completed');
    expect(done.result?.added).toHaveLength(1);
    const [hit] = await autoskill.search('How should I do a safe release?', { userId: 'alice' });
    expect(hit?.skill.id).toBe(done.result?.added[0]?.id);

    // A direct ingest goes through the worker too, in the user's order.
    const merged = await autoskill.ingest({
      userId: 'alice',
      messages: [
        {
          role: 'user',
          content:
            'Before each release, also notify the on-call channel before the canary step, and never release on Fridays.',
        },
      ],
    });
    expect(merged.merged.map((skill) => skill.id)).toEqual([hit?.skill.id]);
    expect((await autoskill.get(hit?.skill.id as string))?.version).toBe('0.1.1');
    expect(autoskill.learning.stats().executor).toBe('worker');
  });

  it('learns while the client thread is blocked, and the client sees the skill right after', {
    tags: ['slow'],
  }, async () => {
    // When bob's extraction is reported, this thread blocks (no event-loop turn, no promise
    // settles) until bob's skill is on disk: only a learner on another thread can write it then.
    store ??= await createTempDirectory();
    const bobsSkills = join(store.path, 'Users', 'bob');
    let armed = false;
    let writtenWhileBlocked: boolean | undefined;
    const onLine = (line: string) => {
      if (!armed || !line.includes('extraction (rules)')) return;
      armed = false;
      writtenWhileBlocked = blockUntil(() => existsSync(bobsSkills), 60_000);
    };
    const autoskill = await client({ logger: { info: onLine, warn: onLine, error: onLine } });
    await autoskill.ingest({ userId: 'alice', messages: [{ role: 'user', content: RELEASE }] });

    armed = true;
    const job = autoskill.learning.schedule(
      { userId: 'bob', messages: [{ role: 'user', content: RELEASE }] },
      'auto',
    );
    const done = await autoskill.learning.waitFor(job.id);
    expect(writtenWhileBlocked).toBe(true);
    expect(done.status).toBe('completed');
    const [hit] = await autoskill.search('How should I do a safe release?', { userId: 'bob' });
    expect(hit?.skill.id).toBe(done.result?.added[0]?.id);
  });

  it('falls back to the client thread, saying why once, when the config cannot be sent', async () => {
    const logger = recordingLogger();
    const autoskill = await client({ extractLlm: new MockLanguageModel(), logger });
    const result = await autoskill.ingest({
      userId: 'alice',
      messages: [{ role: 'user', content: RELEASE }],
    });
    expect(result.reason).toBeTruthy();
    expect(autoskill.learning.stats().executor).toBe('in-thread');
    const why = logger.lines.filter((line) =>
      line.includes("learning runs in the client's thread"),
    );
    expect(why).toEqual([
      "learning runs in the client's thread: extractLlm is a model object; give provider settings to learn in a worker",
    ]);
  });
});
