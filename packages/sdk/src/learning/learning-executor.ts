import type { SkillCandidate } from '@autoskill/core';
import type { IngestInput, IngestResult } from '../types';

/** What a dry run of extraction answers. */
export interface CandidateResult {
  candidate?: SkillCandidate;
  reason: string;
  mode: string;
}

/**
 * Where learning steps run: in the calling thread (`Learner`) or in a worker thread with its own
 * runtime over the same store. Callers serialise a user's steps; an executor does not.
 */
export interface LearningExecutor {
  readonly kind: 'worker' | 'in-thread';
  /** One learning step; when it resolves, this thread's search index has its changes. */
  learn(input: IngestInput): Promise<IngestResult>;
  /** What extraction would propose, without writing anything. */
  extractCandidate(input: IngestInput): Promise<CandidateResult>;
  /** Stops what the executor started (a worker thread). */
  close(): Promise<void>;
}

/** A message from the client thread to the learning worker. */
export type LearningWorkerRequest =
  | { type: 'learn' | 'extract'; id: number; input: Omit<IngestInput, 'abortSignal'> }
  | { type: 'abort'; id: number }
  | { type: 'close' };

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

/** A message from the learning worker to the client thread. */
export type LearningWorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: IngestResult | CandidateResult }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'closed' };
