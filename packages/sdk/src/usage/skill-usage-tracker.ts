import type { LanguageModel, Skill } from '@autoskill/core';
import {
  addUsage,
  emptyUsage,
  type SkillUsage,
  type SkillUsageEvent,
  SkillUsageLedger,
} from '@autoskill/store-local';
import PQueue from 'p-queue';
import type { Logger } from '../logger';
import { judgeSkillUsage } from './judge-skill-usage';

/** What happened in one answered turn, as far as usage is concerned. */
export interface TurnUsage {
  userId: string;
  /** The user's request (the judge compares the answer with it). */
  query: string;
  /** Every skill retrieval returned for the turn (injected or not). */
  retrievedIds: readonly string[];
  /** The skills put into the model's context. */
  injectedIds: readonly string[];
  /** The answer; '' when it failed (then nothing is judged used). */
  answer: string;
}

/** Who judges use: `auto` = the configured model (the heuristic offline), `heuristic`, or `off`. */
export type UsageJudgeMode = 'auto' | 'heuristic' | 'off';

export interface UsageTrackerDependencies {
  /** The model that judges (undefined offline). */
  judgeModel: () => Promise<LanguageModel | undefined>;
  /** A live skill by id. */
  get: (id: string) => Promise<Skill | undefined>;
  logger: Logger;
  judge: UsageJudgeMode;
}

/** Where counts go: the store's sidecar file, or memory for stores without a directory. */
interface UsageCounts {
  record(id: string, event: SkillUsageEvent, at?: Date): void;
  all(): Promise<Map<string, Readonly<SkillUsage>>>;
  get(id: string): Promise<SkillUsage>;
  forget(ids: Iterable<string>): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Judgments waiting at most; more are dropped (usage is advisory, answers must not pile up work). */
const MAX_WAITING_JUDGMENTS = 200;

/**
 * Counts retrievals, injections and judged uses per skill. `afterTurn` returns at once: the
 * judgment (a model call, or the offline heuristic) runs in the background, one at a time.
 */
export class SkillUsageTracker {
  readonly #counts: UsageCounts;
  readonly #judgments = new PQueue({ concurrency: 1 });
  readonly #recent = new RecentTurns();
  readonly #dependencies: UsageTrackerDependencies;

  constructor(
    storeDirectory: string | undefined,
    dependencies: UsageTrackerDependencies & { flushDelayMs?: number },
  ) {
    const { flushDelayMs, ...rest } = dependencies;
    this.#dependencies = rest;
    this.#counts = storeDirectory
      ? new SkillUsageLedger({
          directory: storeDirectory,
          ...(flushDelayMs === undefined ? {} : { flushDelayMs }),
          logger: { warn: (message) => rest.logger.warn(message) },
        })
      : new MemoryCounts();
  }

  /** Counts the turn's retrievals and injections now and queues the judgment of what was used. */
  afterTurn(turn: TurnUsage): void {
    const at = new Date();
    const repeated = this.#recent.repeats(turn, at.getTime());
    for (const id of new Set(turn.retrievedIds))
      if (!repeated.has(id)) this.#counts.record(id, 'retrieved', at);
    for (const id of new Set(turn.injectedIds))
      if (!repeated.has(id)) this.#counts.record(id, 'injected', at);
    if (this.#dependencies.judge === 'off' || turn.injectedIds.length === 0) return;
    if (turn.answer.trim() === '') return;
    if (this.#judgments.size >= MAX_WAITING_JUDGMENTS) {
      this.#dependencies.logger.warn('autoskill usage: too many judgments waiting; one skipped');
      return;
    }
    void this.#judgments.add(() => this.#judge(turn));
  }

  /** Usage of every skill that has any (rows are shared: read, do not change). */
  all(): Promise<Map<string, Readonly<SkillUsage>>> {
    return this.#counts.all();
  }

  /** Usage of one skill (zeros when it has none). */
  get(id: string): Promise<SkillUsage> {
    return this.#counts.get(id);
  }

  /** Drops the counters of deleted skills (forget-user). */
  forget(ids: readonly string[]): Promise<void> {
    return this.#counts.forget(ids);
  }

  /** Resolves when every queued judgment is done. */
  idle(): Promise<void> {
    return this.#judgments.onIdle();
  }

  /** Waits for queued judgments and writes every count. */
  async flush(): Promise<void> {
    await this.idle();
    await this.#counts.flush();
  }

  async close(): Promise<void> {
    await this.idle();
    await this.#counts.close();
  }

  async #judge(turn: TurnUsage): Promise<void> {
    const { get, judgeModel, logger, judge } = this.#dependencies;
    try {
      const injected = (await Promise.all(turn.injectedIds.map((id) => get(id)))).filter(
        (skill): skill is Skill => skill !== undefined,
      );
      const model = judge === 'auto' ? await judgeModel() : undefined;
      const input = { query: turn.query, answer: turn.answer, injected };
      let used: Set<string>;
      try {
        used = await judgeSkillUsage(input, model);
      } catch (error) {
        logger.warn(
          `autoskill usage: the usage judge failed (${(error as Error).message}); judged offline`,
        );
        used = await judgeSkillUsage(input, undefined);
      }
      const at = new Date();
      for (const id of used)
        if (this.#recent.firstUse(turn, id)) this.#counts.record(id, 'used', at);
    } catch (error) {
      logger.warn(`autoskill usage: could not judge a turn: ${(error as Error).message}`);
    }
  }
}

/** Counts for a store without a directory (memory or custom stores): kept for this process only. */
class MemoryCounts implements UsageCounts {
  readonly #rows = new Map<string, SkillUsage>();

  record(id: string, event: SkillUsageEvent, at = new Date()): void {
    const delta = emptyUsage();
    delta[event] = 1;
    const time = at.toISOString();
    if (event === 'retrieved') delta.lastRetrievedAt = time;
    else if (event === 'injected') delta.lastInjectedAt = time;
    else delta.lastUsedAt = time;
    this.#rows.set(id, addUsage(this.#rows.get(id), delta));
  }

  async all(): Promise<Map<string, SkillUsage>> {
    return new Map([...this.#rows].map(([id, row]) => [id, { ...row }]));
  }

  async get(id: string): Promise<SkillUsage> {
    const row = this.#rows.get(id);
    return row ? { ...row } : emptyUsage();
  }

  async forget(ids: Iterable<string>): Promise<void> {
    for (const id of ids) this.#rows.delete(id);
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

/** A repeated question counts once within this window (a retry or regenerate; as the original). */
const REPEAT_WINDOW_MS = 10 * 60_000;
/** Question/skill pairs remembered at most (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

/**
 * The question/skill pairs counted in the last ten minutes: the same user asking the same thing
 * again (a client retry, a regenerate) does not count the skill as retrieved or injected again,
 * and counts it as used at most once.
 */
class RecentTurns {
  readonly #pairs = new Map<string, { at: number; used: boolean }>();

  /** The skill ids of this turn already counted for the same question; remembers the others. */
  repeats(turn: TurnUsage, now: number): Set<string> {
    const repeated = new Set<string>();
    for (const id of new Set([...turn.retrievedIds, ...turn.injectedIds])) {
      const key = pairKey(turn, id);
      const seen = this.#pairs.get(key);
      if (seen && now - seen.at < REPEAT_WINDOW_MS) {
        repeated.add(id);
        continue;
      }
      this.#pairs.delete(key);
      this.#pairs.set(key, { at: now, used: false });
      if (this.#pairs.size > MAX_REMEMBERED)
        this.#pairs.delete(this.#pairs.keys().next().value as string);
    }
    return repeated;
  }

  /** True the first time a skill is judged used for this question (within the window). */
  firstUse(turn: TurnUsage, id: string): boolean {
    const seen = this.#pairs.get(pairKey(turn, id));
    if (!seen) return true;
    if (seen.used) return false;
    seen.used = true;
    return true;
  }
}

function pairKey(turn: TurnUsage, id: string): string {
  const question = turn.query.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
  return `${turn.userId}\u0000${id}\u0000${question}`;
}
