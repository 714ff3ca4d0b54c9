// The learning worker thread: its own AutoSkill client over the same store (the store and the
// flat vector index are multi-process safe), running the learning steps the client thread sends.
// Started by `WorkerLearningExecutor`; not part of the public API.
import { parentPort, workerData } from 'node:worker_threads';
import { AutoSkillError } from '@autoskill/core';
import { AutoSkill } from '../auto-skill';
import type { IngestInput } from '../types';
import type {
  LearningWorkerReply,
  LearningWorkerRequest,
  SerializedError,
} from './learning-executor';
import type { WorkerConfig } from './worker-config';

/** How the store words a SKILL.md it could not load (`autoskill store: skipped <path>: …`). */
const STORE_LOAD_WARNING = 'autoskill store: skipped ';
const port = parentPort;
if (!port) throw new Error('learning-worker runs in a worker thread');
const post = (reply: LearningWorkerReply) => port.postMessage(reply);
const log =
  (level: 'info' | 'warn' | 'error') =>
  (message: string): void =>
    post({ type: 'log', level, message });

const { config } = workerData as { config: WorkerConfig };
const warn = log('warn');
const autoskill = new AutoSkill({
  ...config,
  logger: {
    info: log('info'),
    // The client thread opened the same store and reported its broken SKILL.md files already.
    warn: (message) => {
      if (!message.startsWith(STORE_LOAD_WARNING)) warn(message);
    },
    error: log('error'),
  },
});
const controllers = new Map<number, AbortController>();

port.on('message', (request: LearningWorkerRequest) => {
  void handle(request);
});
post({ type: 'ready' });

async function handle(request: LearningWorkerRequest): Promise<void> {
  if (request.type === 'abort') {
    controllers.get(request.id)?.abort();
    return;
  }
  if (request.type === 'close') {
    await autoskill.close().catch(() => {});
    post({ type: 'closed' });
    port?.close();
    return;
  }
  const controller = new AbortController();
  controllers.set(request.id, controller);
  const input: IngestInput = { ...request.input, abortSignal: controller.signal };
  try {
    const value =
      request.type === 'learn' ? await learn(input) : await autoskill.extractCandidate(input);
    post({ type: 'result', id: request.id, value });
  } catch (error) {
    post({ type: 'error', id: request.id, error: serializeError(error) });
  } finally {
    controllers.delete(request.id);
  }
}

async function learn(input: IngestInput) {
  const result = await autoskill.ingest(input);
  // The client thread reads vectors from disk: this step's must be there before it re-indexes.
  await (await autoskill.ready()).vectorIndex.flush?.();
  return result;
}

function serializeError(error: unknown): SerializedError {
  if (AutoSkillError.isInstance(error))
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      ...(error.details ? { details: error.details } : {}),
    };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
