import type { Skill, SkillPutInput, SkillStore, SkillStorePutOptions } from '@autoskill/core';
import { type DraftStore, newDraftId, type SkillDraft } from './draft-store';

/**
 * The store as maintenance sees it in review mode: reads go to the real store, a `put` (learning
 * adds or merges a skill) is kept as a draft instead and answered with the skill as it would
 * be. So nothing unapproved reaches the store, the search index or a prompt.
 */
export function draftingSkillStore(
  store: SkillStore,
  drafts: DraftStore,
  onDraft: (draft: SkillDraft) => void,
): SkillStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'put') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (input: SkillPutInput, options: SkillStorePutOptions = {}): Promise<Skill> => {
        const baseRevision =
          options.expectedRevision ?? (await target.get(input.id))?.revision ?? 0;
        const draft: SkillDraft = {
          id: newDraftId(),
          userId: input.owner,
          kind: baseRevision === 0 ? 'add' : 'merge',
          skillId: input.id,
          baseRevision,
          document: structuredClone(input),
          ...(options.files?.length ? { files: structuredClone(options.files) } : {}),
          ...(options.reason ? { reason: options.reason } : {}),
          createdAt: new Date().toISOString(),
        };
        await drafts.add(draft);
        onDraft(draft);
        return {
          ...structuredClone(input),
          revision: baseRevision + 1,
          files: (options.files ?? []).map((file) => file.path).sort(),
        } as Skill;
      };
    },
  });
}
