import type { ChatMessage } from '@autoskill/core';
import { assertSafeUserId, InvalidArgumentError } from '@autoskill/core';
import { readConversationFile } from '../import-conversations';
import type { IngestInput, IngestResult, LearnedSkill } from '../types';
import { listInputFiles } from './list-input-files';

/** Options of `AutoSkill.learnFromConversations`. */
export interface LearnFromConversationsOptions {
  userId: string;
  /** A `.json` / `.jsonl` file, or a folder of them (read recursively, in path order). */
  file: string;
  hint?: string;
  /** Keep only the last N messages of each conversation (0 = all). */
  maxMessagesPerConversation?: number;
  onProgress?: (progress: {
    done: number;
    total: number;
    ok: boolean;
    learned: LearnedSkill[];
  }) => void;
}

/** What a run over past conversations learned, with every failure listed. */
export interface LearnFromConversationsResult {
  totalConversations: number;
  processed: number;
  failed: number;
  added: LearnedSkill[];
  merged: LearnedSkill[];
  /** `index` counts conversations from 1 (lines of JSONL for unreadable lines); `file` is set when reading a folder. */
  errors: Array<{ index: number; error: string; file?: string }>;
}

/**
 * Learns from past conversations in OpenAI-format JSON/JSONL files, one step per conversation in
 * order. Failures are counted and listed; the run continues.
 */
export async function learnFromConversations(
  ingest: (input: IngestInput) => Promise<IngestResult>,
  options: LearnFromConversationsOptions,
): Promise<LearnFromConversationsResult> {
  assertSafeUserId(options.userId);
  const limit = options.maxMessagesPerConversation ?? 0;
  if (!Number.isInteger(limit) || limit < 0)
    throw new InvalidArgumentError('maxMessagesPerConversation', 'must be an integer ≥ 0');
  const { conversations, errors } = await readConversationFiles(options.file);
  const added = new Map<string, LearnedSkill>();
  const merged = new Map<string, LearnedSkill>();
  let processed = 0;
  let failed = 0;
  for (const [index, conversation] of conversations.entries()) {
    const messages = limit > 0 ? conversation.slice(-limit) : conversation;
    let learned: LearnedSkill[] = [];
    let ok = true;
    try {
      const result = await ingest({
        userId: options.userId,
        messages,
        ...(options.hint ? { hint: options.hint } : {}),
      });
      for (const skill of result.added) added.set(skill.id, skill);
      for (const skill of result.merged)
        if (!added.has(skill.id)) merged.set(skill.id, skill);
        else added.set(skill.id, skill);
      learned = [...result.added, ...result.merged];
      processed++;
    } catch (error) {
      ok = false;
      failed++;
      errors.push({
        index: index + 1,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    options.onProgress?.({ done: index + 1, total: conversations.length, ok, learned });
  }
  return {
    totalConversations: conversations.length,
    processed,
    failed,
    added: [...added.values()],
    merged: [...merged.values()],
    errors,
  };
}

/** The conversations of a file, or of every .json/.jsonl file under a folder (a bad file in a folder is listed, not fatal). */
async function readConversationFiles(path: string): Promise<{
  conversations: ChatMessage[][];
  errors: LearnFromConversationsResult['errors'];
}> {
  const files = await listInputFiles(path, 'file');
  if (files.length === 1 && files[0] === path) return readConversationFile(path);
  const conversations: ChatMessage[][] = [];
  const errors: LearnFromConversationsResult['errors'] = [];
  for (const file of files) {
    try {
      const read = await readConversationFile(file);
      conversations.push(...read.conversations);
      for (const error of read.errors) errors.push({ ...error, file });
    } catch (error) {
      errors.push({
        index: 0,
        file,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { conversations, errors };
}
