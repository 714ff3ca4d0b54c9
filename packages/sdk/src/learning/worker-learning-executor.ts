import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AutoSkillError, type AutoSkillErrorCode, throwIfAborted } from '@autoskill/core';
import type { Logger } from '../logger';
import type { IngestInput, IngestResult } from '../types';
import type {
  CandidateResult,
  LearningExecutor,
  LearningWorkerReply,
  LearningWorkerRequest,
  SerializedError,
} from './learning-executor';
import type { WorkerConfig } from './worker-config';

/** Crashes in a row (without one step done between them) after which learning stays in-thread. */
const MAX_CRASHES = 3;

interface Call {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Runs learning steps in a worker thread that holds its own AutoSkill client over the same
 * store, so extraction, maintenance and embedding never hold up the thread that answers
 * requests. The worker starts on the first step. After each step this thread's search index
 * takes the changed skills in (`afterLearn`) before the step resolves. When the worker cannot
 * start, or keeps crashing, learning falls back to `inThread` (logged once, with the reason).
 */
export class WorkerLearningExecutor implements LearningExecutor {
  private worker: Promise<Worker> | undefined;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private crashes = 0;
  private fallbackReason: string | undefined;
  private closing = false;
  private readonly exited = new WeakSet<Worker>();

  constructor(
    private readonly options: {
      config: WorkerConfig;
      logger: Logger;
      /** Learning in this thread, for when the worker cannot be used. */
      inThread: LearningExecutor;
      /** Brings this thread's search index up to date with the skills a step changed. */
      afterLearn: (changedIds: string[]) => Promise<void>;
    },
  ) {}

  get kind(): 'worker' | 'in-thread' {
    return this.fallbackReason === undefined ? 'worker' : 'in-thread';
  }

  async learn(input: IngestInput): Promise<IngestResult> {
    if (this.fallbackReason !== undefined) return this.options.inThread.learn(input);
    const result = (await this.call('learn', input)) as IngestResult | undefined;
    if (!result) return this.options.inThread.learn(input);
    await this.options.afterLearn(result.skills.map((skill) => skill.id));
    return result;
  }

  async extractCandidate(input: IngestInput): Promise<CandidateResult> {
    if (this.fallbackReason !== undefined) return this.options.inThread.extractCandidate(input);
    const result = (await this.call('extract', input)) as CandidateResult | undefined;
    return result ?? this.options.inThread.extractCandidate(input);
  }

  async close(): Promise<void> {
    this.closing = true;
    const worker = await this.worker?.catch(() => undefined);
    this.worker = undefined;
    if (worker && !this.exited.has(worker)) {
      const exited = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        timer.unref?.();
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      worker.ref();
      worker.postMessage({ type: 'close' } satisfies LearningWorkerRequest);
      await exited;
      await worker.terminate();
    }
    await this.options.inThread.close();
  }

  /** Sends one step; undefined when the worker could not start (the caller runs it in-thread). */
  private async call(type: 'learn' | 'extract', input: IngestInput): Promise<unknown> {
    let worker = await this.started();
    // It may have stopped since it started: then this step starts a new one.
    if (worker && this.exited.has(worker)) worker = await this.started();
    if (!worker) return undefined;
    const id = this.nextId++;
    const { abortSignal, ...data } = input;
    throwIfAborted(abortSignal);
    const onAbort = () => worker.postMessage({ type: 'abort', id } satisfies LearningWorkerRequest);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    if (this.calls.size === 0) worker.ref();
    try {
      return await new Promise((resolve, reject) => {
        this.calls.set(id, { resolve, reject });
        worker.postMessage({ type, id, input: data } satisfies LearningWorkerRequest);
      });
    } finally {
      abortSignal?.removeEventListener('abort', onAbort);
      this.calls.delete(id);
      // An idle worker does not keep the process alive.
      if (this.calls.size === 0) worker.unref();
    }
  }

  /** The running worker, started on first use; undefined once learning fell back in-thread. */
  private async started(): Promise<Worker | undefined> {
    if (this.closing) return undefined;
    this.worker ??= this.spawn();
    try {
      return await this.worker;
    } catch (error) {
      this.worker = undefined;
      this.fallBack(`the learning worker did not start: ${(error as Error).message}`);
      return undefined;
    }
  }

  private spawn(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const worker = startLearningWorker(this.options.config);
      let ready = false;
      let failure = '';
      worker.on('message', (reply: LearningWorkerReply) => {
        if (reply.type === 'ready') {
          ready = true;
          worker.unref();
          resolve(worker);
        } else this.receive(reply);
      });
      // An error is always followed by the exit, where the steps in flight are failed.
      worker.on('error', (error) => {
        failure = `: ${error.message}`;
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        this.exited.add(worker);
        if (!ready) reject(new Error(`it exited with code ${code}${failure}`));
        else if (!this.closing)
          this.crashed(`the learning worker stopped (code ${code})${failure}`);
      });
    });
  }

  private receive(reply: LearningWorkerReply): void {
    if (reply.type === 'log') {
      this.options.logger[reply.level](`learning worker: ${reply.message}`);
      return;
    }
    if (reply.type !== 'result' && reply.type !== 'error') return;
    const call = this.calls.get(reply.id);
    if (!call) return;
    if (reply.type === 'result') {
      this.crashes = 0;
      call.resolve(reply.value);
    } else call.reject(deserializeError(reply.error));
  }

  /** Fails the steps in flight; the next step starts a new worker, unless it keeps crashing. */
  private crashed(reason: string): void {
    this.worker = undefined;
    for (const call of this.calls.values()) call.reject(new Error(reason));
    this.calls.clear();
    this.crashes++;
    if (this.crashes >= MAX_CRASHES) this.fallBack(`${reason} (${this.crashes} times in a row)`);
    else this.options.logger.warn(`${reason}; starting a new one for the next learning step`);
  }

  private fallBack(reason: string): void {
    if (this.fallbackReason !== undefined) return;
    this.fallbackReason = reason;
    this.options.logger.warn(`learning runs in the client's thread: ${reason}`);
  }
}

/**
 * Starts the worker entry next to this module: `learning-worker.js` in the build (a tsup entry of
 * its own); from the TypeScript sources (tests, `pnpm autoskill`) `learning-worker.ts` behind
 * tsx's loader — the monorepo's dev dependency — which a worker thread does not inherit.
 */
function startLearningWorker(config: WorkerConfig): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(
    fromSource ? './learning-worker.ts' : './learning-worker.js',
    import.meta.url,
  );
  if (!fromSource) return new Worker(entry, { workerData: { config } });
  const require = createRequire(import.meta.url);
  const loader = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    import(workerData.loader)
      .then((tsx) => { tsx.register(); return import(workerData.entry); })
      .catch((error) => { setImmediate(() => { throw error; }); });`;
  return new Worker(bootstrap, {
    eval: true,
    workerData: { config, loader, entry: entry.href },
  });
}

function deserializeError(serialized: SerializedError): Error {
  const error = serialized.code
    ? new AutoSkillError(serialized.code as AutoSkillErrorCode, {
        message: serialized.message,
        ...(serialized.details ? { details: serialized.details } : {}),
      })
    : new Error(serialized.message);
  error.name = serialized.name;
  return error;
}
