import type { LanguageModel } from '@autoskill/core';
import { AutoSkill, type Logger, type ModelSettings } from '@autoskill/sdk';
import { type LearningFigures, learningFigures } from './learning-figures';
import { LEARNING_TARGETS, type TargetsMet, targetsMet } from './learning-targets';
import { replayGroup } from './replay-group';
import type { GroupOutcome, ReplayGroup } from './replay-types';
import { ORIGINAL_WINDOW } from './replay-window';
import { readScenarioFile, scenarioGroup } from './scenario-file';
import { listSessionFiles, readSessionFile } from './session-file';

export interface LearningBenchmarkOptions {
  /** A folder of the original web UI's session files (or one file). */
  sessions?: string;
  /** A hand-written scenario file. */
  scenarios?: string;
  /** The learning model: a LanguageModel (e.g. the scripted one) or provider settings; default offline rules. */
  llm?: LanguageModel | ModelSettings;
  embeddings?: ModelSettings;
  /** Messages before the new user message in each learning window (default 6, the original's). */
  window?: number;
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Called after each group (a session file or a scenario) with its outcome. */
  onGroup?: (outcome: GroupOutcome) => void;
}

/** The figures of one source, with the targets they meet. */
export interface LearningSection {
  source: string;
  figures: LearningFigures;
  met: TargetsMet;
  /** Scenarios: the figures of each kind (preference, feedback, procedure, one-off). */
  byKind?: Record<string, LearningFigures>;
}

export interface LearningReport {
  benchmark: 'learning';
  /** `provider:model` of the learning model (`mock:offline` = the offline rules). */
  model: string;
  window: number;
  store: string;
  targets: typeof LEARNING_TARGETS;
  sessions?: LearningSection;
  scenarios?: LearningSection;
}

/**
 * The learning benchmark: replays the original's recorded sessions and/or the hand-written
 * scenarios through the SDK, each group in a fresh in-memory store, and reports how often it
 * learns where the reference learned, what generic first requests teach, how many skills it
 * creates, and whether a session's first request asked again retrieves what it taught.
 */
export async function runLearningBenchmark(
  options: LearningBenchmarkOptions,
): Promise<LearningReport> {
  const window = options.window ?? ORIGINAL_WINDOW;
  const replay = async (groups: ReplayGroup[]) => {
    const outcomes: GroupOutcome[] = [];
    for (const group of groups) {
      const client = new AutoSkill({
        store: 'memory',
        vectorIndex: 'memory',
        llm: options.llm ?? { provider: 'mock' },
        embeddings: options.embeddings ?? { provider: 'hashing' },
        logger: options.logger ?? 'silent',
        env: options.env ?? {},
      });
      try {
        const outcome = await replayGroup(group, client, { window });
        outcomes.push(outcome);
        options.onGroup?.(outcome);
      } finally {
        await client.close();
      }
    }
    return outcomes;
  };
  const report: LearningReport = {
    benchmark: 'learning',
    model: await modelLabel(options),
    window,
    store:
      'a fresh in-memory store per session file (one user, as the original kept one store per user) and per scenario',
    targets: LEARNING_TARGETS,
  };
  if (options.sessions) {
    const groups: ReplayGroup[] = [];
    for (const file of await listSessionFiles(options.sessions))
      groups.push(await readSessionFile(file));
    report.sessions = section(options.sessions, await replay(groups));
  }
  if (options.scenarios) {
    const scenarios = await readScenarioFile(options.scenarios);
    const outcomes = await replay(scenarios.map(scenarioGroup));
    const byKind: Record<string, LearningFigures> = {};
    for (const kind of [...new Set(scenarios.map((scenario) => scenario.kind))]) {
      const ids = new Set(scenarios.filter((s) => s.kind === kind).map((s) => s.id));
      byKind[kind] = learningFigures(outcomes.filter((outcome) => ids.has(outcome.groupId)));
    }
    report.scenarios = { ...section(options.scenarios, outcomes), byKind };
  }
  return report;
}

function section(source: string, outcomes: GroupOutcome[]): LearningSection {
  const figures = learningFigures(outcomes);
  return { source, figures, met: targetsMet(figures) };
}

async function modelLabel(options: LearningBenchmarkOptions): Promise<string> {
  const llm = options.llm;
  if (llm && 'doGenerate' in llm && typeof llm.doGenerate === 'function')
    return `${(llm as LanguageModel).provider}:${(llm as LanguageModel).modelId}`;
  // Ask the SDK which model the settings resolve to (no call is made).
  const probe = new AutoSkill({
    store: 'memory',
    vectorIndex: 'memory',
    llm: (llm as ModelSettings | undefined) ?? { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: options.env ?? {},
  });
  try {
    const chat = await probe.sessionHost().chatModel();
    return chat ? `${chat.provider}:${chat.modelId}` : 'mock:offline';
  } finally {
    await probe.close();
  }
}
