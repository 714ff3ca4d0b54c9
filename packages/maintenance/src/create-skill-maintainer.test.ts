import {
  ConflictError,
  createInMemorySkillStore,
  KeyedMutex,
  type SkillStore,
} from '@autoskill/core';
import type { MockLanguageModel } from '@autoskill/core/testing';
import { describe, expect, it } from 'vitest';
import { createSkillMaintainer } from './create-skill-maintainer';
import type { MaintenanceResult } from './maintenance-types';
import { reportCandidate, tokenOverlapFinder } from './test-helpers/token-overlap-finder';

function setup(options: { store?: SkillStore; model?: MockLanguageModel } = {}) {
  const store = options.store ?? createInMemorySkillStore();
  const maintainer = createSkillMaintainer({
    store,
    findSimilar: tokenOverlapFinder(store),
    ...(options.model ? { model: options.model } : {}),
  });
  return { store, maintainer };
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('createSkillMaintainer (heuristic)', () => {
  it('adds a new user skill at v0.1.0 with no ingest metadata', async () => {
    const { store, maintainer } = setup();
    const result = await maintainer.apply(
      reportCandidate(['Do not hallucinate.', 'Cite every number.']),
      { userId: 'alice' },
    );
    expect(result.action).toBe('add');
    expect(result.skill).toMatchObject({
      version: '0.1.0',
      scope: 'user',
      owner: 'alice',
      name: 'report-writing',
      title: 'Report writing',
      revision: 1,
    });
    expect(result.skill!.metadata).toEqual({});
    expect(await store.history(result.skill!.id)).toMatchObject([
      { revision: 1, version: '0.1.0', reason: 'create' },
    ]);
  });

  it('merges new feedback into the same skill as v0.1.1 keeping old rules and adding no duplicates', async () => {
    const { store, maintainer } = setup();
    const first = await maintainer.apply(
      reportCandidate(['Do not hallucinate.', 'Cite every number.']),
      { userId: 'alice' },
    );
    const second = await maintainer.apply(
      reportCandidate(['Cite every number.', 'Use British spelling.']),
      { userId: 'alice' },
    );
    expect(second.action).toBe('merge');
    expect(second.skill!.id).toBe(first.skill!.id);
    expect(second.skill!.version).toBe('0.1.1');
    expect(second.mergedFrom).toEqual({ id: first.skill!.id, version: '0.1.0', revision: 1 });
    const { instructions } = second.skill!;
    expect(count(instructions, '- Do not hallucinate.')).toBe(1);
    expect(count(instructions, '- Cite every number.')).toBe(1);
    expect(count(instructions, '- Use British spelling.')).toBe(1);
    expect(count(instructions, '# Constraints & Style')).toBe(1);
    expect(count(instructions, '# Goal')).toBe(1);
    expect(await store.list({ scope: 'user', owner: 'alice' })).toHaveLength(1);
  });

  it('merges a similar candidate with a different name into the existing skill', async () => {
    const { store, maintainer } = setup();
    const first = await maintainer.apply(
      reportCandidate(['Do not hallucinate.', 'Cite every number.']),
      { userId: 'alice' },
    );
    const similar = reportCandidate(['Add a summary of every report at the top.'], {
      name: 'report-writing-rules',
      title: 'Report writing rules',
    });
    const result = await maintainer.apply(similar, { userId: 'alice' });
    expect(result.action).toBe('merge');
    expect(result.skill!.id).toBe(first.skill!.id);
    expect(result.skill!.name).toBe('report-writing');
    expect(result.skill!.instructions).toContain('- Cite every number.');
    expect(result.skill!.instructions).toContain('- Add a summary of every report at the top.');
    expect(await store.list({ scope: 'user', owner: 'alice' })).toHaveLength(1);
  });

  it('removes a rule the user explicitly revokes and keeps the others', async () => {
    const { maintainer } = setup();
    await maintainer.apply(reportCandidate(['Do not hallucinate.', 'Cite every number.']), {
      userId: 'alice',
    });
    // The extraction window may still hold the old rule next to its revocation: the revocation wins.
    const result = await maintainer.apply(
      reportCandidate(['Cite every number.', 'You no longer need to cite every number.']),
      { userId: 'alice' },
    );
    expect(result.action).toBe('merge');
    expect(result.skill!.instructions).not.toContain('Cite every number');
    expect(result.skill!.instructions).not.toContain('no longer');
    expect(result.skill!.instructions).toContain('- Do not hallucinate.');
    expect(result.reason).toContain('1 revoked rule removed');
  });

  it('removes a Chinese rule revoked with 不再需要', async () => {
    const { maintainer } = setup();
    const zh = (rules: string[]) =>
      reportCandidate(rules, {
        name: 'skill-289711db',
        title: '报告写作',
        description: '报告写作',
        triggers: ['写报告'],
        tags: ['报告'],
      });
    await maintainer.apply(zh(['不要编造数据。', '务必标注每个数字的来源。']), { userId: 'alice' });
    const result = await maintainer.apply(zh(['不再需要标注每个数字的来源。']), {
      userId: 'alice',
    });
    expect(result.skill!.instructions).toContain('- 不要编造数据。');
    expect(result.skill!.instructions).not.toContain('务必标注每个数字的来源');
  });

  it('keeps library skills untouched and gives the user their own variant', async () => {
    const { store, maintainer } = setup();
    const library = await store.put({
      id: '0b6f5f0e-8b53-4b0e-9d7a-3a2f1f0c9e11',
      name: 'report-writing',
      title: 'Report writing',
      description: 'Writes structured reports. Use it when asked to write a report.',
      instructions: '# Goal\nWrite a structured report.\n\n# Constraints & Style\n- Use headings.',
      version: '1.0.0',
      tags: ['report'],
      triggers: ['write a report'],
      examples: [],
      metadata: {},
      extra: {},
      scope: 'common',
      owner: 'Common',
    });
    const result = await maintainer.apply(
      reportCandidate(['Cite every number.'], {
        name: 'report-writing-with-citations',
        title: 'Report writing with citations',
      }),
      { userId: 'alice' },
    );
    expect(result.action).toBe('add');
    expect(result.reason).toContain('library');
    expect(result.skill).toMatchObject({ scope: 'user', owner: 'alice' });
    expect(await store.get(library.id)).toEqual(library);
  });

  it('adds a generic different candidate as a separate skill', async () => {
    const { store, maintainer } = setup();
    await maintainer.apply(reportCandidate(['Cite every number.']), { userId: 'alice' });
    const release = await maintainer.apply(
      {
        name: 'standard-release-process',
        title: 'Standard release process',
        description: 'Standard release process. Use it before each release.',
        instructions:
          '# Goal\nBefore each release: follow the standard steps below.\n\n# Constraints & Style\n- Follow the steps below in order; do not skip a step.\n\n# Workflow\n1. Run regression\n2. Canary\n3. Monitor\n4. Full rollout',
        triggers: ['before each release'],
        tags: ['release'],
        examples: [],
        confidence: 0.6,
      },
      { userId: 'alice' },
    );
    expect(release.action).toBe('add');
    expect(await store.list({ scope: 'user', owner: 'alice' })).toHaveLength(2);
  });

  it("never merges into another user's skill", async () => {
    const { store, maintainer } = setup();
    await maintainer.apply(reportCandidate(['Cite every number.']), { userId: 'bob' });
    const result = await maintainer.apply(reportCandidate(['Cite every number.']), {
      userId: 'alice',
    });
    expect(result.action).toBe('add');
    expect(result.skill!.owner).toBe('alice');
    expect(await store.list({ scope: 'user', owner: 'bob' })).toHaveLength(1);
  });

  it('discards a candidate that adds nothing, without writing a revision', async () => {
    const { store, maintainer } = setup();
    const first = await maintainer.apply(reportCandidate(['Cite every number.']), {
      userId: 'alice',
    });
    const again = await maintainer.apply(reportCandidate(['Cite every number.']), {
      userId: 'alice',
    });
    expect(again.action).toBe('discard');
    expect(again.reason).toContain('nothing new');
    expect(again.skill!.id).toBe(first.skill!.id);
    expect(await store.history(first.skill!.id)).toHaveLength(1);
  });

  it('extends a workflow with new steps and renumbers it', async () => {
    const { maintainer } = setup();
    const release = (steps: string[]) => ({
      name: 'standard-release-process',
      title: 'Standard release process',
      description: 'Standard release process.',
      instructions: `# Goal\nRelease safely.\n\n# Workflow\n${steps.map((step, index) => `${index + 1}. ${step}`).join('\n')}`,
      triggers: [],
      tags: [],
      examples: [],
      confidence: 0.6,
    });
    await maintainer.apply(release(['Run regression', 'Canary', 'Monitor', 'Full rollout']), {
      userId: 'alice',
    });
    const result = await maintainer.apply(
      release(['Run regression', 'Canary', 'Smoke test', 'Monitor', 'Full rollout']),
      { userId: 'alice' },
    );
    expect(result.skill!.instructions).toContain(
      '1. Run regression\n2. Canary\n3. Smoke test\n4. Monitor\n5. Full rollout',
    );
  });

  it('caps triggers and tags at 8 across many merges', async () => {
    const { maintainer } = setup();
    let last: MaintenanceResult | undefined;
    for (let index = 0; index < 12; index++) {
      last = await maintainer.apply(
        reportCandidate([`Rule number ${index} applies to every report.`], {
          triggers: [`trigger ${index} a`, `trigger ${index} b`],
          tags: [`tag-${index}`],
        }),
        { userId: 'alice' },
      );
    }
    expect(last!.skill!.triggers.length).toBeLessThanOrEqual(8);
    expect(last!.skill!.tags.length).toBeLessThanOrEqual(8);
    expect(last!.skill!.version).toBe('0.1.11');
  });

  it('prefers the previous skill of the conversation among same-name skills', async () => {
    const { store, maintainer } = setup();
    const first = await maintainer.apply(reportCandidate(['Cite every number.']), {
      userId: 'alice',
    });
    const other = await store.put({
      ...first.skill!,
      id: '1c0b5a3e-4e2f-4d7b-8a47-5f2c7c3d9b10',
      name: 'report-writing',
      title: 'Report writing',
      revision: undefined,
    } as never);
    expect(other.name).not.toBe(first.skill!.name);
    const result = await maintainer.apply(reportCandidate(['Use British spelling.']), {
      userId: 'alice',
      previousSkillId: first.skill!.id,
    });
    expect(result.skill!.id).toBe(first.skill!.id);
  });

  it('stops before writing when aborted', async () => {
    const { store, maintainer } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(
      maintainer.apply(reportCandidate(['Cite every number.']), {
        userId: 'alice',
        abortSignal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await store.list()).toHaveLength(0);
  });

  it('validates its input', async () => {
    const { maintainer } = setup();
    await expect(
      maintainer.apply(reportCandidate(['x']), { userId: '../etc' }),
    ).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(
      maintainer.apply({ ...reportCandidate([]), instructions: ' ' }, { userId: 'alice' }),
    ).rejects.toThrow(/instructions/);
    expect(() =>
      createSkillMaintainer({
        store: createInMemorySkillStore(),
        findSimilar: tokenOverlapFinder(createInMemorySkillStore()),
        thresholds: { similarity: 2 },
      }),
    ).toThrow(/between 0 and 1/);
  });
});

describe('createSkillMaintainer (concurrency)', () => {
  // The maintainer holds no lock: callers serialise apply() per user (the SDK does), as here.
  it('20 parallel merges into one skill, serialised per user by the caller, lose no update', async () => {
    const { store, maintainer } = setup();
    const perUser = new KeyedMutex();
    const first = await maintainer.apply(reportCandidate(['Do not hallucinate.']), {
      userId: 'alice',
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        perUser.run('alice', () =>
          maintainer.apply(reportCandidate([`Always include marker M${index} in the footer.`]), {
            userId: 'alice',
          }),
        ),
      ),
    );
    expect(results.every((result) => result.action === 'merge')).toBe(true);
    const final = (await store.get(first.skill!.id))!;
    expect(final.revision).toBe(21);
    for (let index = 0; index < 20; index++)
      expect(final.instructions).toContain(`marker M${index} in`);
    const history = await store.history(first.skill!.id);
    const patches = history.map((entry) => Number(entry.version.split('.')[2]));
    expect(patches).toEqual([...patches].sort((left, right) => left - right));
    expect(new Set(patches).size).toBe(21);
    expect(await store.list({ scope: 'user', owner: 'alice' })).toHaveLength(1);
  });

  it('two maintainers sharing a store re-merge on CONFLICT instead of losing updates', async () => {
    // Two processes: each serialises its own calls per user, the store arbitrates between them.
    const store = createInMemorySkillStore();
    const left = createSkillMaintainer({ store, findSimilar: tokenOverlapFinder(store) });
    const right = createSkillMaintainer({ store, findSimilar: tokenOverlapFinder(store) });
    const leftLock = new KeyedMutex();
    const rightLock = new KeyedMutex();
    const first = await left.apply(reportCandidate(['Do not hallucinate.']), { userId: 'alice' });
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => [
        leftLock.run('alice', () =>
          left.apply(reportCandidate([`Always include left marker L${index}.`]), {
            userId: 'alice',
          }),
        ),
        rightLock.run('alice', () =>
          right.apply(reportCandidate([`Always include right marker R${index}.`]), {
            userId: 'alice',
          }),
        ),
      ]).flat(),
    );
    const final = (await store.get(first.skill!.id))!;
    expect(final.revision).toBe(21);
    for (let index = 0; index < 10; index++) {
      expect(final.instructions).toContain(`left marker L${index}.`);
      expect(final.instructions).toContain(`right marker R${index}.`);
    }
  });

  it('re-reads and re-merges when another writer commits between read and write', async () => {
    const inner = createInMemorySkillStore();
    let interfered = false;
    const store: SkillStore = {
      ...inner,
      async put(input, options) {
        if (options?.reason === 'merge' && !interfered) {
          interfered = true;
          const current = (await inner.get(input.id))!;
          const { files: _files, revision: _revision, ...document } = current;
          await inner.put(
            { ...document, instructions: `${current.instructions}\n- Written by another process.` },
            { reason: 'edit' },
          );
        }
        return inner.put(input, options);
      },
    };
    const { maintainer } = setup({ store });
    await maintainer.apply(reportCandidate(['Do not hallucinate.']), { userId: 'alice' });
    const result = await maintainer.apply(reportCandidate(['Cite every number.']), {
      userId: 'alice',
    });
    expect(interfered).toBe(true);
    expect(result.skill!.revision).toBe(3);
    expect(result.skill!.instructions).toContain('- Written by another process.');
    expect(result.skill!.instructions).toContain('- Cite every number.');
  });

  it('gives up with CONFLICT after the bounded retries', async () => {
    const inner = createInMemorySkillStore();
    const store: SkillStore = {
      ...inner,
      async put(input, options) {
        if (options?.reason === 'merge')
          throw new ConflictError('always busy', { skillId: input.id });
        return inner.put(input, options);
      },
    };
    const maintainer = createSkillMaintainer({
      store,
      findSimilar: tokenOverlapFinder(store),
      maxConflictRetries: 2,
    });
    await maintainer.apply(reportCandidate(['Do not hallucinate.']), { userId: 'alice' });
    await expect(
      maintainer.apply(reportCandidate(['Cite every number.']), { userId: 'alice' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
