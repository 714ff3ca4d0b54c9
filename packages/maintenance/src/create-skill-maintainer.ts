import {
  assertSafeUserId,
  InvalidArgumentError,
  type SkillCandidate,
  throwIfAborted,
} from '@autoskill/core';
import { createUserSkill } from './create-user-skill';
import { decideAction } from './decide-action';
import type { MaintainerContext } from './maintainer-context';
import type {
  MaintenanceApplyOptions,
  MaintenanceResult,
  SkillMaintainer,
  SkillMaintainerOptions,
} from './maintenance-types';
import { mergeIntoSkill } from './merge-into-skill';
import { normalizeCandidate } from './normalize-candidate';

/**
 * Creates the maintainer that turns a skill candidate into a skill change: merge into the user's
 * matching skill (same name, or similar enough and passing the merge gate), add a new user
 * skill, or discard. Library skills are never modified: a user's variant of one becomes the
 * user's own skill. Merges keep every existing rule (unless revoked), bump the patch version
 * above any version the skill ever had, and use `expectedRevision` with re-merge on conflict.
 * The maintainer holds no lock: the caller serialises `apply` per user (see `apply`).
 *
 * @example
 * const maintainer = createSkillMaintainer({ store, findSimilar: (query, o) => retriever.search(query, o) });
 * const result = await maintainer.apply(candidate, { userId: 'alice' });
 * result.action; // 'add' → v0.1.0, later 'merge' → v0.1.1
 */
export function createSkillMaintainer(options: SkillMaintainerOptions): SkillMaintainer {
  const context = maintainerContext(options);
  return {
    async apply(
      rawCandidate: SkillCandidate,
      applyOptions: MaintenanceApplyOptions,
    ): Promise<MaintenanceResult> {
      if (typeof applyOptions !== 'object' || applyOptions === null) {
        throw new InvalidArgumentError('options', 'expected { userId }');
      }
      assertSafeUserId(applyOptions.userId);
      const candidate = normalizeCandidate(rawCandidate);
      throwIfAborted(applyOptions.abortSignal);
      const decision = await decideAction(context, candidate, applyOptions);
      const result =
        decision.action === 'merge'
          ? await mergeIntoSkill(
              context,
              candidate,
              decision.targetId,
              applyOptions,
              decision.reason,
            )
          : decision.action === 'add'
            ? await createUserSkill(context, candidate, applyOptions.userId, decision.reason)
            : { action: 'discard' as const, reason: decision.reason };
      context.logger?.info?.(
        `maintenance: ${result.action}${result.skill ? ` "${result.skill.name}" v${result.skill.version}` : ''}: ${result.reason}`,
      );
      return result;
    },
  };
}

function maintainerContext(options: SkillMaintainerOptions): MaintainerContext {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'options',
      'expected { store, findSimilar, model?, thresholds? }',
    );
  }
  const { store, findSimilar, model, logger } = options;
  if (!store || typeof store.put !== 'function' || typeof store.get !== 'function') {
    throw new InvalidArgumentError(
      'store',
      'expected a SkillStore (e.g. createInMemorySkillStore())',
    );
  }
  if (typeof findSimilar !== 'function') {
    throw new InvalidArgumentError(
      'findSimilar',
      'expected a function (query, { userId, topK }) => Promise<SkillHit[]>',
    );
  }
  if (model !== undefined && typeof model?.doGenerate !== 'function') {
    throw new InvalidArgumentError('model', 'expected a LanguageModel with doGenerate()');
  }
  const thresholds = options.thresholds;
  return {
    store,
    findSimilar,
    ...(model ? { model } : {}),
    ...(logger ? { logger } : {}),
    thresholds: {
      similarity: unitNumber(thresholds?.similarity, 0.4, 'thresholds.similarity'),
      mergeGate: unitNumber(thresholds?.mergeGate, 0.5, 'thresholds.mergeGate'),
      mergeGateAccept: unitNumber(thresholds?.mergeGateAccept, 0.8, 'thresholds.mergeGateAccept'),
      mergeGateReject: unitNumber(thresholds?.mergeGateReject, 0.22, 'thresholds.mergeGateReject'),
    },
    topK: positiveInteger(options.topK, 5, 'topK'),
    maxConflictRetries: positiveInteger(options.maxConflictRetries, 10, 'maxConflictRetries'),
    now: options.now ?? (() => new Date()),
  };
}

function unitNumber(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError(name, `expected a number between 0 and 1, got ${String(value)}`);
  }
  return value;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError(name, `expected an integer >= 1, got ${String(value)}`);
  return value;
}
