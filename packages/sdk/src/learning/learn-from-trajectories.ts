import { relative } from 'node:path';
import { assertSafeUserId, InvalidArgumentError } from '@autoskill/core';
import { readJsonDocuments } from '../import-conversations';
import type { IngestInput, IngestResult, LearnedSkill } from '../types';
import { collectExperienceRecords, type ExperienceRecord } from './experience-records';
import { listInputFiles } from './list-input-files';

/** Options of `AutoSkill.learnFromTrajectories`. */
export interface LearnFromTrajectoriesOptions {
  userId: string;
  /** A `.json` / `.jsonl` file, or a folder of them (read recursively, in path order). */
  path: string;
  hint?: string;
  onProgress?: (progress: {
    done: number;
    total: number;
    ok: boolean;
    learned: LearnedSkill[];
  }) => void;
}

/** What one run taught (or why it taught nothing). */
export interface TrajectoryOutcome {
  /** Where the run came from: `file#n` (n counts runs in that file from 1), or the run's own id. */
  source: string;
  learned: LearnedSkill[];
  reason: string;
}

/** What a run over agent trajectories learned, with every failure listed. */
export interface LearnFromTrajectoriesResult {
  totalTrajectories: number;
  processed: number;
  failed: number;
  added: LearnedSkill[];
  merged: LearnedSkill[];
  /** One entry per processed run, in order. */
  trajectories: TrajectoryOutcome[];
  errors: Array<{ source: string; error: string }>;
}

/** The runs of every file, with where each came from. */
export async function readTrajectoryRecords(path: string): Promise<{
  records: Array<ExperienceRecord & { source: string }>;
  errors: Array<{ source: string; error: string }>;
}> {
  const files = await listInputFiles(path, 'path');
  const records: Array<ExperienceRecord & { source: string }> = [];
  const errors: Array<{ source: string; error: string }> = [];
  for (const file of files) {
    const name = files.length === 1 ? file : relative(path, file) || file;
    let documents: unknown[];
    try {
      const read = await readJsonDocuments(file);
      documents = read.documents;
      for (const error of read.errors)
        errors.push({ source: `${name}:${error.index}`, error: error.error });
    } catch (error) {
      errors.push({ source: name, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const found = documents.flatMap((document) => collectExperienceRecords(document));
    found.forEach((record, index) => {
      records.push({
        ...record,
        source: `${name}#${index + 1}${record.id ? ` (${record.id})` : ''}`,
      });
    });
  }
  return { records, errors };
}

/**
 * Learns from agent trajectories (tool-using runs) in JSON/JSONL files or a folder of them, one
 * learning step per run, in order: a successful run with a real procedure becomes a skill; a
 * failed run or a one-off call teaches none. Unreadable files and failing steps are listed; the
 * run continues. A path holding no run at all is an error.
 */
export async function learnFromTrajectories(
  ingest: (input: IngestInput) => Promise<IngestResult>,
  options: LearnFromTrajectoriesOptions,
): Promise<LearnFromTrajectoriesResult> {
  assertSafeUserId(options.userId);
  if (options.hint !== undefined && typeof options.hint !== 'string')
    throw new InvalidArgumentError('hint', 'must be a string');
  const { records, errors } = await readTrajectoryRecords(options.path);
  if (records.length === 0)
    throw new InvalidArgumentError(
      'path',
      `no trajectories found in ${JSON.stringify(options.path)} (expected OpenAI messages with tool calls, or records with "events")${errors[0] ? `; ${errors[0].source}: ${errors[0].error}` : ''}`,
    );
  const added = new Map<string, LearnedSkill>();
  const merged = new Map<string, LearnedSkill>();
  const trajectories: TrajectoryOutcome[] = [];
  let processed = 0;
  let failed = 0;
  for (const [index, record] of records.entries()) {
    let learned: LearnedSkill[] = [];
    let ok = true;
    try {
      const result = await ingest({
        userId: options.userId,
        messages: record.messages,
        events: record.events,
        ...(options.hint ? { hint: options.hint } : {}),
      });
      for (const skill of result.added) added.set(skill.id, skill);
      for (const skill of result.merged)
        if (added.has(skill.id)) added.set(skill.id, skill);
        else merged.set(skill.id, skill);
      learned = [...result.added, ...result.merged];
      trajectories.push({ source: record.source, learned, reason: result.reason });
      processed++;
    } catch (error) {
      ok = false;
      failed++;
      errors.push({
        source: record.source,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    options.onProgress?.({ done: index + 1, total: records.length, ok, learned });
  }
  return {
    totalTrajectories: records.length,
    processed,
    failed,
    added: [...added.values()],
    merged: [...merged.values()],
    trajectories,
    errors,
  };
}
