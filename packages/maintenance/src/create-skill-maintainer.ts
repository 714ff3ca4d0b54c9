import {
  AutoSkillError,
  assertSafeUserId,
  createSkillId,
  InvalidArgumentError,
  isAbortError,
  isValidSkillName,
  type Skill,
  type SkillCandidate,
  type SkillHit,
  type SkillPutInput,
  slugifySkillName,
  throwIfAborted,
} from '@autoskill/core';
import {
  instructionsForNewSkill,
  MAX_EXAMPLES,
  MAX_TAGS,
  MAX_TRIGGERS,
  type MergedContent,
  mergeSkillContent,
} from './content/merge-skill-content';
import { isRevocation } from './content/revocation';
import { parseSections, sectionItems } from './content/skill-sections';
import { comparisonKey } from './content/text-tokens';
import { createKeyedLock } from './keyed-lock';
import type {
  MaintenanceApplyOptions,
  MaintenanceResult,
  SkillMaintainer,
  SkillMaintainerOptions,
} from './maintenance-types';
import { type MergeGateThresholds, mergeGateScore, passesMergeGate } from './merge-gate';
import { judgeDecision } from './model/judge-decision';
import { mergeWithModel } from './model/merge-with-model';
import { nextMergeVersion } from './next-version';

type Decision =
  | { action: 'add' | 'discard'; reason: string }
  | { action: 'merge'; targetId: string; reason: string };

/**
 * Creates the maintainer that turns a skill candidate into a skill change: merge into the user's
 * matching skill (same name, or similar enough and passing the merge gate), add a new user
 * skill, or discard. Library skills are never modified: a user's variant of one becomes the
 * user's own skill. Merges keep every existing rule (unless revoked), bump the patch version
 * above any version the skill ever had, and use `expectedRevision` with re-merge on conflict.
 *
 * @example
 * const maintainer = createSkillMaintainer({ store, findSimilar: (query, o) => retriever.search(query, o) });
 * const result = await maintainer.apply(candidate, { userId: 'alice' });
 * result.action; // 'add' → v0.1.0, later 'merge' → v0.1.1
 */
export function createSkillMaintainer(options: SkillMaintainerOptions): SkillMaintainer {
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
  const thresholds: MergeGateThresholds = {
    similarity: unitNumber(options.thresholds?.similarity, 0.4, 'thresholds.similarity'),
    mergeGate: unitNumber(options.thresholds?.mergeGate, 0.5, 'thresholds.mergeGate'),
    mergeGateAccept: unitNumber(
      options.thresholds?.mergeGateAccept,
      0.8,
      'thresholds.mergeGateAccept',
    ),
    mergeGateReject: unitNumber(
      options.thresholds?.mergeGateReject,
      0.22,
      'thresholds.mergeGateReject',
    ),
  };
  const topK = positiveInteger(options.topK, 5, 'topK');
  const maxConflictRetries = positiveInteger(options.maxConflictRetries, 10, 'maxConflictRetries');
  const now = options.now ?? (() => new Date());
  const perUser = createKeyedLock();

  const passes = (hit: SkillHit, candidate: SkillCandidate) =>
    hit.score >= thresholds.similarity &&
    passesMergeGate(
      mergeGateScore(hit.skill, candidate, hit.score, thresholds.similarity),
      thresholds,
    );

  async function decide(
    candidate: SkillCandidate,
    applyOptions: MaintenanceApplyOptions,
  ): Promise<Decision> {
    const { userId, previousSkillId } = applyOptions;
    const own = await store.list({ scope: 'user', owner: userId });
    const sameIdentity = own.filter((skill) => sameIdentityAs(skill, candidate));
    if (sameIdentity.length > 0) {
      const target =
        sameIdentity.find((skill) => skill.id === previousSkillId) ??
        [...sameIdentity].sort((left, right) =>
          (right.updatedAt ?? '').localeCompare(left.updatedAt ?? ''),
        )[0]!;
      return {
        action: 'merge',
        targetId: target.id,
        reason: `same name as the user's skill "${target.name}"`,
      };
    }

    const hits = await findSimilar(similarityQuery(candidate), { userId, topK });
    if (!Array.isArray(hits))
      throw new InvalidArgumentError('findSimilar', 'must resolve to an array of SkillHit');
    const byScore = [...hits]
      .filter((hit) => hit?.skill)
      .sort((left, right) => right.score - left.score);
    const userHits = byScore.filter(
      (hit) => hit.skill.scope === 'user' && hit.skill.owner === userId,
    );
    const libraryHit = byScore.find((hit) => hit.skill.scope === 'common');
    const previousHit = userHits.find(
      (hit) => hit.skill.id === previousSkillId && passes(hit, candidate),
    );
    const bestUser = previousHit ?? userHits[0];
    const bestUserPasses = bestUser !== undefined && passes(bestUser, candidate);

    if (model) {
      try {
        const judged = await judgeDecision({
          model,
          userId,
          candidate,
          hits: byScore,
          threshold: thresholds.similarity,
          ...(applyOptions.abortSignal ? { abortSignal: applyOptions.abortSignal } : {}),
        });
        if (judged.action === 'discard')
          return { action: 'discard', reason: `skill set manager: ${judged.reason}` };
        if (judged.action === 'merge') {
          const target = judged.targetSkillId
            ? (byScore.find((hit) => hit.skill.id === judged.targetSkillId)?.skill ??
              (await store.get(judged.targetSkillId)))
            : undefined;
          if (target && target.scope === 'user' && target.owner === userId) {
            return {
              action: 'merge',
              targetId: target.id,
              reason: `skill set manager: ${judged.reason}`,
            };
          }
          if (target && target.scope === 'common') {
            return {
              action: 'add',
              reason: `the user's own variant of library skill "${target.name}" (library skills are never modified)`,
            };
          }
          if (bestUserPasses)
            return {
              action: 'merge',
              targetId: bestUser.skill.id,
              reason: `skill set manager chose merge; target "${bestUser.skill.name}" is the closest user skill`,
            };
          return {
            action: 'add',
            reason: 'skill set manager chose merge but named no skill of this user',
          };
        }
        // Guardrail: never add a duplicate of a user skill that clearly is the same capability.
        if (bestUserPasses) {
          return {
            action: 'merge',
            targetId: bestUser.skill.id,
            reason: `guardrail: "${bestUser.skill.name}" is the same capability (score ${bestUser.score.toFixed(2)})`,
          };
        }
        return { action: 'add', reason: `skill set manager: ${judged.reason}` };
      } catch (error) {
        if (isAbortError(error)) throw error;
        logger?.warn?.(
          `maintenance: the skill set manager failed, using the heuristic decision (${errorMessage(error)})`,
        );
      }
    }

    if (bestUserPasses) {
      return {
        action: 'merge',
        targetId: bestUser.skill.id,
        reason: `similar to the user's skill "${bestUser.skill.name}" (score ${bestUser.score.toFixed(2)})`,
      };
    }
    if (libraryHit && libraryHit.score >= thresholds.similarity) {
      return {
        action: 'add',
        reason: `the user's own variant of library skill "${libraryHit.skill.name}" (library skills are never modified)`,
      };
    }
    return { action: 'add', reason: 'no similar skill of this user' };
  }

  async function create(
    candidate: SkillCandidate,
    userId: string,
    reason: string,
  ): Promise<MaintenanceResult> {
    const instructions = instructionsForNewSkill(candidate.instructions);
    const onlyRevokes =
      parseSections(candidate.instructions).flatMap(sectionItems).some(isRevocation) &&
      parseSections(instructions)
        .filter((section) => section.kind !== 'goal')
        .flatMap(sectionItems).length === 0;
    if (onlyRevokes)
      return {
        action: 'discard',
        reason: 'the candidate only revokes rules of a skill this user does not have',
      };
    const at = now().toISOString();
    const skill = await store.put(
      {
        id: createSkillId(),
        name: candidate.name,
        title: candidate.title?.trim() || candidate.name,
        description: candidate.description.trim() || candidate.title?.trim() || candidate.name,
        instructions,
        version: '0.1.0',
        tags: capList(candidate.tags, MAX_TAGS),
        triggers: capList(candidate.triggers, MAX_TRIGGERS),
        examples: candidate.examples.slice(0, MAX_EXAMPLES),
        metadata: {},
        extra: {},
        createdAt: at,
        updatedAt: at,
        scope: 'user',
        owner: userId,
      },
      {
        expectedRevision: 0,
        reason: 'create',
        ...(candidate.files?.length ? { files: candidate.files } : {}),
      },
    );
    return { action: 'add', skill, reason };
  }

  async function merge(
    candidate: SkillCandidate,
    targetId: string,
    applyOptions: MaintenanceApplyOptions,
    reason: string,
  ): Promise<MaintenanceResult> {
    const { userId, abortSignal } = applyOptions;
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(abortSignal);
      const current = await store.get(targetId);
      if (!current || current.scope !== 'user' || current.owner !== userId) {
        return create(
          candidate,
          userId,
          `${reason}; the target is gone or not the user's, so a new skill was added`,
        );
      }
      const deterministic = mergeSkillContent(current, candidate);
      if (unchanged(current, deterministic)) {
        return {
          action: 'discard',
          skill: current,
          reason: `nothing new: "${current.name}" already has these rules`,
        };
      }
      let merged = deterministic;
      if (model) {
        try {
          merged = await mergeWithModel({
            model,
            existing: current,
            candidate,
            deterministic,
            ...(abortSignal ? { abortSignal } : {}),
          });
        } catch (error) {
          if (isAbortError(error)) throw error;
          logger?.warn?.(
            `maintenance: the skill merger failed, using the heuristic merge (${errorMessage(error)})`,
          );
        }
      }
      const version = await nextMergeVersion(store, current);
      const { files: _files, revision: _revision, ...document } = current;
      const input: SkillPutInput = {
        ...document,
        description: merged.description,
        instructions: merged.instructions,
        triggers: merged.triggers,
        tags: merged.tags,
        examples: merged.examples,
        version,
        updatedAt: now().toISOString(),
      };
      try {
        const skill = await store.put(input, {
          expectedRevision: current.revision,
          reason: 'merge',
          ...(candidate.files?.length ? { files: candidate.files } : {}),
        });
        const changes = [
          merged.added.length ? `${merged.added.length} rule(s) added` : '',
          merged.removed.length ? `${merged.removed.length} revoked rule(s) removed` : '',
        ].filter(Boolean);
        return {
          action: 'merge',
          skill,
          mergedFrom: { id: current.id, version: current.version, revision: current.revision },
          reason: changes.length ? `${reason}; ${changes.join(', ')}` : reason,
        };
      } catch (error) {
        if (!AutoSkillError.hasCode(error, 'CONFLICT') || attempt >= maxConflictRetries)
          throw error;
        // Another writer got there first: re-read and merge again against its version.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * (attempt + 1)));
      }
    }
  }

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
      return perUser(applyOptions.userId, async () => {
        throwIfAborted(applyOptions.abortSignal);
        const decision = await decide(candidate, applyOptions);
        const result =
          decision.action === 'merge'
            ? await merge(candidate, decision.targetId, applyOptions, decision.reason)
            : decision.action === 'add'
              ? await create(candidate, applyOptions.userId, decision.reason)
              : { action: 'discard' as const, reason: decision.reason };
        logger?.info?.(
          `maintenance: ${result.action}${result.skill ? ` "${result.skill.name}" v${result.skill.version}` : ''}: ${result.reason}`,
        );
        return result;
      });
    },
  };
}

function similarityQuery(candidate: SkillCandidate): string {
  return [
    candidate.title ?? '',
    candidate.name.replace(/-/g, ' '),
    candidate.description,
    candidate.instructions.slice(0, 2000),
  ]
    .filter(Boolean)
    .join('\n');
}

function sameIdentityAs(skill: Skill, candidate: SkillCandidate): boolean {
  if (skill.name === candidate.name) return true;
  const title = comparisonKey(candidate.title ?? '');
  return (
    title !== '' && (comparisonKey(skill.title) === title || comparisonKey(skill.name) === title)
  );
}

function unchanged(current: Skill, merged: MergedContent): boolean {
  return (
    merged.added.length === 0 &&
    merged.removed.length === 0 &&
    merged.instructions.trim() === current.instructions.trim() &&
    merged.description === current.description &&
    JSON.stringify(merged.triggers) === JSON.stringify(current.triggers) &&
    JSON.stringify(merged.tags) === JSON.stringify(current.tags) &&
    JSON.stringify(merged.examples) === JSON.stringify(current.examples)
  );
}

function normalizeCandidate(candidate: SkillCandidate): SkillCandidate {
  if (typeof candidate !== 'object' || candidate === null) {
    throw new InvalidArgumentError(
      'candidate',
      'expected a SkillCandidate { name, description, instructions, triggers, tags, examples, confidence }',
    );
  }
  if (typeof candidate.name !== 'string' || !candidate.name.trim()) {
    throw new InvalidArgumentError('candidate.name', 'must be a non-empty string');
  }
  if (typeof candidate.instructions !== 'string' || !candidate.instructions.trim()) {
    throw new InvalidArgumentError('candidate.instructions', 'must be a non-empty string');
  }
  for (const key of ['triggers', 'tags', 'examples'] as const) {
    if (candidate[key] !== undefined && !Array.isArray(candidate[key])) {
      throw new InvalidArgumentError(`candidate.${key}`, 'must be an array');
    }
  }
  const rawName: string = candidate.name.trim();
  const validName = isValidSkillName(rawName);
  return {
    ...candidate,
    name: validName ? rawName : slugifySkillName(rawName),
    // A human-readable name ("Report writing") becomes the title when none was given.
    ...(candidate.title === undefined && !validName ? { title: rawName } : {}),
    description: typeof candidate.description === 'string' ? candidate.description.trim() : '',
    instructions: candidate.instructions.trim(),
    triggers: (candidate.triggers ?? []).filter((value) => typeof value === 'string'),
    tags: (candidate.tags ?? []).filter((value) => typeof value === 'string'),
    examples: (candidate.examples ?? []).filter((example) => typeof example?.input === 'string'),
    confidence: Number.isFinite(candidate.confidence) ? candidate.confidence : 0.5,
  };
}

function capList(values: string[], max: number): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const value of values) {
    const item = value.trim();
    const key = comparisonKey(item);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    result.push(item);
    if (result.length >= max) break;
  }
  return result;
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
