import {
  type ChatMessage,
  createInMemoryLearningJobStorage,
  createInMemoryLearningJobStore,
  type LearningJobStore,
} from '@autoskill/core';
import { createTempDirectory, type TempDirectory } from '@autoskill/test-suite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger';
import type { IngestInput, IngestResult } from '../types';
import { createFileLearningJobStore } from './file-learning-job-store';
import type { ExtractionJob } from './learning-job';
import { LearningQueue, type LearningQueueOptions } from './learning-queue';

const NOTHING: IngestResult = { added: [], merged: [], discarded: false, reason: 'ok', skills: [] };

/** A learn function that holds every step until `release()`, recording what it was given. */
function heldLearner() {
  const inputs: IngestInput[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    inputs,
    release: () => release(),
    learn: async (input: IngestInput) => {
      inputs.push(input);
      await gate;
      return NOTHING;
    },
  };
}

const queues: LearningQueue[] = [];
function queue(options: Partial<LearningQueueOptions> & Pick<LearningQueueOptions, 'learn'>) {
  const created = new LearningQueue({ logger: silentLogger, concurrency: 1, ...options });
  queues.push(created);
  return created;
}

afterEach(async () => {
  for (const created of queues.splice(0)) await created.close();
});

const message = (role: 'user' | 'assistant', text: string): ChatMessage => ({
  role,
  content: text,
});
/** A window of turns `from`..`to` of conversation `name` (user + assistant per turn). */
function turns(name: string, from: number, to: number): ChatMessage[] {
  const window: ChatMessage[] = [];
  for (let turn = from; turn <= to; turn++)
    window.push(
      message('user', `${name} question ${turn}`),
      message('assistant', `${name} answer ${turn}`),
    );
  return window;
}

async function untilRunning(learning: LearningQueue, id: string): Promise<void> {
  await vi.waitFor(() => expect(learning.get(id)?.status).toBe('running'));
}

describe('bounds and shedding', () => {
  it('drops what does not fit, per user and overall, visibly and without waiting', async () => {
    const held = heldLearner();
    const learning = queue({ learn: held.learn, maxPerUser: 2, maxTotal: 3 });
    const seen: ExtractionJob[] = [];
    learning.subscribe((job) => seen.push(job));

    const first = learning.schedule({ userId: 'alice', messages: turns('a', 1, 1) });
    await untilRunning(learning, first.id);
    const waiting = [2, 3].map((turn) =>
      learning.schedule({ userId: 'alice', messages: turns(`other${turn}`, 1, 1) }),
    );
    const overUser = learning.schedule({ userId: 'alice', messages: turns('x', 1, 1) });
    const bob = learning.schedule({ userId: 'bob', messages: turns('b', 1, 1) });
    const overAll = learning.schedule({ userId: 'carol', messages: turns('c', 1, 1) });

    expect(waiting.map((job) => job.status)).toEqual(['scheduled', 'scheduled']);
    expect(bob.status).toBe('scheduled');
    expect(overUser).toMatchObject({ status: 'dropped', dropReason: 'user_queue_full' });
    expect(overAll).toMatchObject({ status: 'dropped', dropReason: 'queue_full' });
    // Visible where apps look: the job, the user's list, subscriptions, waitFor, stats.
    expect(learning.get(overUser.id)?.status).toBe('dropped');
    expect(learning.list('carol')).toEqual([overAll]);
    expect(seen.filter((job) => job.status === 'dropped').map((job) => job.id)).toEqual([
      overUser.id,
      overAll.id,
    ]);
    expect((await learning.waitFor(overAll.id)).dropReason).toBe('queue_full');
    expect(learning.stats()).toMatchObject({
      queued: 3,
      running: 1,
      accepted: 4,
      dropped: { user_queue_full: 1, queue_full: 1, closed: 0 },
      limits: { maxPerUser: 2, maxTotal: 3 },
      jobStore: 'none',
      executor: 'in-thread',
    });

    held.release();
    await learning.idle();
    expect(learning.list('alice').map((job) => job.status)).toEqual([
      'dropped',
      'completed',
      'completed',
      'completed',
    ]);
    expect(learning.stats()).toMatchObject({ queued: 0, running: 0, completed: 4 });
  });

  it('drops jobs scheduled after close, with reason `closed`', async () => {
    const learning = queue({ learn: async () => NOTHING });
    await learning.close();
    expect(learning.schedule({ userId: 'alice', messages: turns('a', 1, 1) })).toMatchObject({
      status: 'dropped',
      dropReason: 'closed',
    });
  });

  it('fails a job that cannot run at once, without storing or running it', async () => {
    const learn = vi.fn(async () => NOTHING);
    const learning = queue({ learn });
    const job = learning.schedule({ userId: 'alice', messages: [] });
    expect(job).toMatchObject({ status: 'failed', error: expect.stringContaining('messages') });
    await learning.idle();
    expect(learn).not.toHaveBeenCalled();
    expect(learning.stats()).toMatchObject({ accepted: 0, failed: 1 });
  });

  it('keeps a bounded number of finished jobs across users', async () => {
    const learning = queue({ learn: async () => NOTHING, keepTotal: 5, concurrency: 4 });
    for (let user = 0; user < 12; user++)
      learning.schedule({ userId: `user${user}`, messages: turns('a', 1, 1) });
    await learning.idle();
    const kept = Array.from({ length: 12 }, (_, user) => learning.list(`user${user}`).length);
    expect(kept.reduce((sum, count) => sum + count, 0)).toBe(5);
    expect(kept.slice(-5)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('coalescing', () => {
  it('merges the next window of a conversation into the job still waiting', async () => {
    const held = heldLearner();
    const learning = queue({ learn: held.learn });
    const running = learning.schedule({ userId: 'alice', messages: turns('a', 1, 1) });
    await untilRunning(learning, running.id);

    const waiting = learning.schedule({ userId: 'alice', messages: turns('a', 1, 2) });
    const next = learning.schedule({ userId: 'alice', messages: turns('a', 2, 3) });
    const again = learning.schedule({ userId: 'alice', messages: turns('a', 3, 3) });
    const otherConversation = learning.schedule({ userId: 'alice', messages: turns('b', 1, 1) });
    const otherUser = learning.schedule({ userId: 'bob', messages: turns('a', 2, 3) });

    expect(next.id).toBe(waiting.id);
    expect(again).toMatchObject({ id: waiting.id, status: 'scheduled', coalesced: 2 });
    expect(otherConversation.id).not.toBe(waiting.id);
    expect(otherUser.id).not.toBe(waiting.id);
    expect(learning.list('alice')).toHaveLength(3);
    expect(learning.stats()).toMatchObject({ accepted: 4, coalesced: 2, queued: 3 });

    held.release();
    await learning.idle();
    // The running job kept its window; the waiting one learns from the whole conversation.
    const learned = (userId: string) =>
      held.inputs.filter((input) => input.userId === userId).map((input) => input.messages);
    expect(learned('alice')).toEqual([turns('a', 1, 1), turns('a', 1, 3), turns('b', 1, 1)]);
    expect(learned('bob')).toEqual([turns('a', 2, 3)]);
  });

  it('keeps the newest maxWindowMessages and never merges across hints or events', async () => {
    const held = heldLearner();
    const learning = queue({ learn: held.learn, maxWindowMessages: 4 });
    const running = learning.schedule({ userId: 'alice', messages: turns('z', 1, 1) });
    await untilRunning(learning, running.id);
    const waiting = learning.schedule({ userId: 'alice', messages: turns('a', 1, 2) });
    expect(learning.schedule({ userId: 'alice', messages: turns('a', 2, 4) }).id).toBe(waiting.id);
    const hinted = learning.schedule({
      userId: 'alice',
      messages: turns('a', 4, 5),
      hint: 'remember this',
    });
    const withEvents = learning.schedule({
      userId: 'alice',
      messages: turns('a', 5, 6),
      events: [{ type: 'tool_call' }],
    });
    expect(new Set([waiting.id, hinted.id, withEvents.id]).size).toBe(3);
    held.release();
    await learning.idle();
    expect(held.inputs[1]?.messages).toEqual(turns('a', 3, 4));
  });
});

describe.each([
  {
    name: 'in-memory job store',
    storage: async () => {
      const shared = createInMemoryLearningJobStorage();
      return {
        open: async () => createInMemoryLearningJobStore({ storage: shared }),
        cleanup: async () => {},
      };
    },
  },
  {
    name: 'file job store',
    storage: async () => {
      const directory: TempDirectory = await createTempDirectory();
      return {
        open: async () => createFileLearningJobStore({ directory: directory.path }),
        cleanup: () => directory.cleanup(),
      };
    },
  },
])('persistence with the $name', ({ storage }) => {
  it('resumes what a stopped owner left, each user in order, before new jobs', async () => {
    const backing = await storage();
    try {
      const held = heldLearner();
      const firstStore = await backing.open();
      const first = queue({ learn: held.learn, jobStore: async () => firstStore });
      const running = first.schedule({ userId: 'alice', messages: turns('a', 1, 1) }, 'auto');
      await untilRunning(first, running.id);
      const alice2 = first.schedule({ userId: 'alice', messages: turns('b', 1, 1) }, 'auto');
      const bob = first.schedule({ userId: 'bob', messages: turns('c', 1, 1) }, 'extract_now');
      const alice3 = first.schedule({ userId: 'alice', messages: turns('d', 1, 1) }, 'auto');
      // A later window of alice's last conversation, merged into the waiting job and stored so.
      first.schedule({ userId: 'alice', messages: turns('d', 1, 2) }, 'auto');
      await first.flush();
      // The owner stops without finishing (a crash: its store lets go, its jobs stay).
      await firstStore.close();

      const ran: string[] = [];
      const secondStore = await backing.open();
      const second = queue({
        learn: async (input) => {
          ran.push(`${input.userId}:${JSON.stringify(input.messages?.at(-1)?.content)}`);
          return NOTHING;
        },
        jobStore: async () => secondStore,
        concurrency: 2,
      });
      const fresh = second.schedule({ userId: 'alice', messages: turns('e', 1, 1) });
      await second.idle();

      expect(ran.filter((entry) => entry.startsWith('alice'))).toEqual([
        'alice:"a answer 1"',
        'alice:"b answer 1"',
        'alice:"d answer 2"',
        'alice:"e answer 1"',
      ]);
      expect(ran).toContain('bob:"c answer 1"');
      expect(second.get(alice2.id)).toMatchObject({ status: 'completed', resumed: true });
      expect(second.get(bob.id)).toMatchObject({ trigger: 'extract_now', resumed: true });
      expect(second.get(alice3.id)?.status).toBe('completed');
      expect(second.get(fresh.id)?.resumed).toBeUndefined();
      expect(second.stats()).toMatchObject({ resumed: 4, completed: 5 });

      // Everything finished is forgotten by the store: a third owner finds nothing.
      const thirdStore = await backing.open();
      expect(await thirdStore.claimOrphans()).toEqual([]);
      await thirdStore.close();
      held.release();
    } finally {
      await backing.cleanup();
    }
  });
});

describe('a quick shutdown', () => {
  it('leaves the waiting jobs to the next process and finishes the running one', async () => {
    const storage = createInMemoryLearningJobStorage();
    const held = heldLearner();
    const first = queue({
      learn: held.learn,
      jobStore: async () => createInMemoryLearningJobStore({ storage }),
    });
    const running = first.schedule({ userId: 'alice', messages: turns('a', 1, 1) });
    await untilRunning(first, running.id);
    first.schedule({ userId: 'alice', messages: turns('b', 1, 1) });
    first.schedule({ userId: 'bob', messages: turns('c', 1, 1) });
    const closed = first.close({ pending: 'leave' });
    held.release();
    await closed;
    expect(first.get(running.id)?.status).toBe('completed');
    expect(held.inputs).toHaveLength(1);

    const ran: string[] = [];
    const next = queue({
      learn: async (input) => {
        ran.push(input.userId);
        return NOTHING;
      },
      jobStore: async () => createInMemoryLearningJobStore({ storage }),
    });
    await next.start();
    await next.idle();
    expect(ran.sort()).toEqual(['alice', 'bob']);
  });
});

describe('job store writes', () => {
  it('writes a burst of merges into a waiting job once, with the newest window', async () => {
    const held = heldLearner();
    const storage = createInMemoryLearningJobStorage();
    const inner = createInMemoryLearningJobStore({ storage });
    const calls: string[] = [];
    const counting: LearningJobStore = {
      ...inner,
      add: (record) => {
        calls.push(`add ${record.experience.messages?.length}`);
        return inner.add(record);
      },
      replace: (record) => {
        calls.push(`replace ${record.experience.messages?.length}`);
        return inner.replace(record);
      },
      remove: (id) => {
        calls.push('remove');
        return inner.remove(id);
      },
    };
    const learning = queue({ learn: held.learn, jobStore: async () => counting });
    const running = learning.schedule({ userId: 'alice', messages: turns('a', 1, 1) });
    await untilRunning(learning, running.id);
    await learning.flush();
    calls.length = 0;
    for (let last = 2; last <= 9; last++)
      learning.schedule({ userId: 'alice', messages: turns('a', Math.max(2, last - 2), last) });
    await learning.flush();
    expect(calls).toEqual(['add 16']);
    learning.schedule({ userId: 'alice', messages: turns('a', 9, 10) });
    learning.schedule({ userId: 'alice', messages: turns('a', 10, 11) });
    await learning.flush();
    expect(calls).toEqual(['add 16', 'replace 20']);
    held.release();
    await learning.idle();
    expect(calls.filter((call) => call === 'remove')).toHaveLength(2);
  });
});

describe('a failing job store', () => {
  it('never fails or delays a job; the loss of durability is logged', async () => {
    const warnings: string[] = [];
    const broken: LearningJobStore = {
      specificationVersion: 'v1',
      name: 'broken',
      add: async () => {
        throw new Error('disk full');
      },
      replace: async () => {},
      remove: async () => {},
      claimOrphans: async () => [],
      close: async () => {},
    };
    const learning = queue({
      learn: async () => NOTHING,
      jobStore: async () => broken,
      logger: { ...silentLogger, warn: (line) => warnings.push(line) },
    });
    const job = learning.schedule({ userId: 'alice', messages: turns('a', 1, 1) });
    expect((await learning.waitFor(job.id)).status).toBe('completed');
    await learning.idle();
    expect(warnings.join('\n')).toContain('disk full');
  });
});

describe('a job store shared by replicas (awaitTurn)', () => {
  it('starts a job only when the store says its turn came, and other users’ jobs meanwhile', async () => {
    const storage = createInMemoryLearningJobStorage();
    const inner = createInMemoryLearningJobStore({ storage });
    let releaseTurn!: () => void;
    const turnReleased = new Promise<void>((resolve) => {
      releaseTurn = resolve;
    });
    const asked: string[] = [];
    // Alice has an earlier job on another replica: her job here waits; bob's does not.
    const shared: LearningJobStore = {
      specificationVersion: 'v1',
      name: 'shared',
      add: (record) => inner.add(record),
      replace: (record) => inner.replace(record),
      remove: (id) => inner.remove(id),
      claimOrphans: () => inner.claimOrphans(),
      close: () => inner.close(),
      async awaitTurn(id) {
        asked.push(id);
        // The job is recorded before its turn is asked for.
        expect(storage.jobs.has(id)).toBe(true);
        if (asked.length === 1) await turnReleased;
      },
    };
    const started: string[] = [];
    const learning = queue({
      jobStore: async () => shared,
      concurrency: 2,
      learn: async (input) => {
        started.push(input.userId);
        return NOTHING;
      },
    });
    const alice = learning.schedule({ userId: 'alice', messages: turns('a', 1, 1) });
    const bob = learning.schedule({ userId: 'bob', messages: turns('b', 1, 1) });
    expect((await learning.waitFor(bob.id)).status).toBe('completed');
    expect(started).toEqual(['bob']);
    expect(learning.get(alice.id)?.status).toBe('scheduled');
    releaseTurn();
    expect((await learning.waitFor(alice.id)).status).toBe('completed');
    expect(started).toEqual(['bob', 'alice']);
    expect(asked).toEqual([alice.id, bob.id]);
  });
});
