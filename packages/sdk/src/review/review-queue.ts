import {
  assertSafeUserId,
  ConflictError,
  type KeyedMutex,
  renderSkillMarkdown,
  type Skill,
  SkillNotFoundError,
} from '@autoskill/core';
import { createTwoFilesPatch } from 'diff';
import type { Runtime } from '../create-runtime';
import type { SkillSearchIndex } from '../skill-search-index';
import type { DraftStore, SkillDraft } from './draft-store';

/** A draft with its SKILL.md and the diff against the skill as it is now. */
export interface DraftDetail extends SkillDraft {
  skillMd: string;
  /** Unified diff from the current SKILL.md (empty file for an `add`) to the draft's. */
  patch: string;
  /** The skill's revision now (0 when it does not exist). */
  currentRevision: number;
  /** True when approving would fail: the skill moved on (or went away) since the draft was made. */
  stale: boolean;
}

/**
 * The review queue (review mode `learned`): what learning would have added or merged waits here
 * as a draft until the user approves it (it is written as the next version) or rejects it (it
 * is dropped). Approving a merge whose skill changed since is refused with a CONFLICT: the draft
 * was made against a version that no longer is the current one (see
 * docs/decisions/2026-12-02-review-queue.md).
 */
export class ReviewQueue {
  constructor(
    private readonly drafts: DraftStore,
    private readonly dependencies: {
      runtime: () => Promise<Runtime>;
      index: SkillSearchIndex;
      /** The client's per-user lock, shared with learning: one user's writes stay in order. */
      perUser: KeyedMutex;
    },
  ) {}

  /** The user's drafts, oldest first. */
  async list(userId: string): Promise<SkillDraft[]> {
    assertSafeUserId(userId);
    return this.drafts.list(userId);
  }

  /** One draft with its SKILL.md and diff; SKILL_NOT_FOUND when the user has no such draft. */
  async show(userId: string, draftId: string): Promise<DraftDetail> {
    const draft = await this.draft(userId, draftId);
    const current = await this.current(draft);
    const skillMd = renderSkillMarkdown(draft.document);
    const before = current ? renderSkillMarkdown(current) : '';
    const label = (skill: Skill | undefined) =>
      skill ? `v${skill.version} (revision ${skill.revision})` : '(new skill)';
    return {
      ...draft,
      skillMd,
      patch: createTwoFilesPatch(
        label(current),
        `draft v${draft.document.version}`,
        before,
        skillMd,
        undefined,
        undefined,
        { context: 3 },
      ),
      currentRevision: current?.revision ?? 0,
      stale: (current?.revision ?? 0) !== draft.baseRevision,
    };
  }

  /**
   * Writes the draft as the skill's next version (an `add` as a new skill), indexes it and drops
   * the draft. CONFLICT, draft kept, when the skill changed or appeared since the draft was made.
   */
  async approve(userId: string, draftId: string): Promise<Skill> {
    assertSafeUserId(userId);
    return this.dependencies.perUser.run(userId, async () => {
      const draft = await this.draft(userId, draftId);
      const current = await this.current(draft);
      const revision = current?.revision ?? 0;
      if (revision !== draft.baseRevision)
        throw new ConflictError(
          current
            ? `Skill ${draft.skillId} changed since draft ${draft.id} was made (it was revision ${draft.baseRevision}, now ${revision}): reject the draft; the next conversation on it proposes a fresh one.`
            : `Skill ${draft.skillId} was deleted since draft ${draft.id} was made: reject the draft.`,
          { draftId: draft.id, skillId: draft.skillId, baseRevision: draft.baseRevision, revision },
        );
      const { store } = await this.dependencies.runtime();
      const skill = await store.put(
        { ...draft.document, updatedAt: new Date().toISOString() },
        {
          expectedRevision: draft.baseRevision,
          reason: draft.kind === 'add' ? 'create' : 'merge',
          ...(draft.files?.length ? { files: draft.files } : {}),
        },
      );
      await this.dependencies.index.reindex([skill.id]);
      await this.drafts.remove(userId, draft.id);
      return skill;
    });
  }

  /** Drops the draft; SKILL_NOT_FOUND when the user has no such draft. */
  async reject(userId: string, draftId: string): Promise<SkillDraft> {
    assertSafeUserId(userId);
    return this.dependencies.perUser.run(userId, async () => {
      const draft = await this.draft(userId, draftId);
      await this.drafts.remove(userId, draft.id);
      return draft;
    });
  }

  private async draft(userId: string, draftId: string): Promise<SkillDraft> {
    assertSafeUserId(userId);
    const draft = await this.drafts.get(userId, draftId);
    if (!draft)
      throw new SkillNotFoundError(
        String(draftId),
        `No draft ${JSON.stringify(String(draftId).slice(0, 80))} of user ${userId}`,
      );
    return draft;
  }

  /** The user's skill the draft is about, as it is now (undefined when it does not exist). */
  private async current(draft: SkillDraft): Promise<Skill | undefined> {
    const { store } = await this.dependencies.runtime();
    await this.dependencies.index.sync();
    const skill = await store.get(draft.skillId);
    return skill && skill.scope === 'user' && skill.owner === draft.userId ? skill : undefined;
  }
}
