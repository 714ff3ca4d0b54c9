import cluster, { type Worker } from 'node:cluster';
import { type BusMessage, EVERYONE } from './cluster-bus';

/** Set once the workers are being stopped: from then on a worker that exits is not replaced. */
let stopRequested = false;

/** Workers in a row that may die before they listen before the primary stops replacing them. */
const MAX_FAILED_STARTS = 3;

/** What a worker says once its proxy listens. */
export interface WorkerReady {
  autoskillReady: true;
  url: string;
}

/** Sent by a worker whose proxy could not start (the primary gives up instead of retrying). */
export interface WorkerFailed {
  autoskillFailed: true;
  message: string;
}

export interface ProxyClusterOptions {
  /** How many proxy processes serve the port (each an AutoSkill client over the same store). */
  workers: number;
  /** Told about a worker that died unexpectedly and was replaced. */
  onRestart?: (message: string) => void;
}

/** The running cluster, seen from the primary. */
export interface ProxyCluster {
  /** The URL the workers share, e.g. `http://127.0.0.1:9000`. */
  url: string;
  /** Stops the workers (they finish open requests and close their stores). */
  close(): Promise<void>;
}

/**
 * Forks `workers` processes running this same command (node:cluster: they share one listening
 * port, connections are spread round-robin), relays their bus messages, replaces a worker that
 * dies, and resolves once every worker listens. Call it in the cluster primary only.
 */
export function startProxyCluster(options: ProxyClusterOptions): Promise<ProxyCluster> {
  const tags = new Map<string, Worker>();
  let stopping = false;
  let url: string | undefined;
  let ready = 0;

  // Questions to everyone: the primary's own call id → what came back so far.
  const gathering = new Map<number, { answers: unknown[]; waiting: number; done(): void }>();
  let gatherCalls = 0;
  const askEveryone = (from: Worker, message: BusMessage) => {
    const others = [...tags.values()].filter((worker) => worker !== from && worker.isConnected());
    const reply = (answers: unknown[]) =>
      from.isConnected() &&
      from.send({ ...message, kind: 'answer', to: message.from, payload: answers });
    if (others.length === 0) return reply([]);
    const id = --gatherCalls; // negative: never clashes with a worker's own call ids
    const entry = {
      answers: [] as unknown[],
      waiting: others.length,
      done: () => {
        gathering.delete(id);
        clearTimeout(timer);
        reply(entry.answers);
      },
    };
    const timer = setTimeout(entry.done, 2_000);
    timer.unref();
    gathering.set(id, entry);
    for (const worker of others) worker.send({ ...message, to: undefined, call: id });
  };

  const relay = (from: Worker, message: BusMessage) => {
    if (message.kind === 'hello') tags.set(message.from, from);
    else if (message.kind === 'ask' && message.to === EVERYONE) askEveryone(from, message);
    else if (
      message.kind === 'answer' &&
      message.call !== undefined &&
      gathering.has(message.call)
    ) {
      const entry = gathering.get(message.call);
      if (!entry) return;
      if (message.payload !== undefined) entry.answers.push(message.payload);
      if (--entry.waiting === 0) entry.done();
    } else if (message.kind === 'ask') {
      const target = message.to ? tags.get(message.to) : undefined;
      if (target?.isConnected()) target.send(message);
      else from.send({ ...message, kind: 'answer', to: message.from, payload: undefined });
    } else if (message.kind === 'answer') {
      const target = message.to ? tags.get(message.to) : undefined;
      if (target?.isConnected()) target.send(message);
    } else if (message.kind === 'broadcast') {
      for (const worker of tags.values())
        if (worker !== from && worker.isConnected()) worker.send(message);
    }
  };

  return new Promise<ProxyCluster>((resolve, reject) => {
    // Workers that died before they listened, in a row: a crash loop, not bad luck.
    let failedStarts = 0;
    const fork = (): Worker => {
      const worker = cluster.fork();
      let listening = false;
      worker.on('error', () => {}); // a channel closing under a send; 'exit' tells the rest
      worker.on('message', (message: BusMessage | WorkerReady | WorkerFailed) => {
        if ('autoskillBus' in message) relay(worker, message);
        else if ('autoskillReady' in message) {
          listening = true;
          failedStarts = 0;
          url ??= message.url;
          ready++;
          if (ready === options.workers) resolve({ url, close });
        } else if ('autoskillFailed' in message) {
          stopping = true;
          void close().then(() => reject(new Error(message.message)));
        }
      });
      worker.on('exit', (code, signal) => {
        for (const [tag, member] of tags) if (member === worker) tags.delete(tag);
        if (stopping || stopRequested) return;
        if (!listening && ++failedStarts >= MAX_FAILED_STARTS) {
          const why = `proxy workers keep exiting before they listen (last: ${signal ?? `code ${code}`}); not starting more`;
          options.onRestart?.(why);
          if (url === undefined) {
            stopping = true;
            void close().then(() => reject(new Error(why)));
          }
          return;
        }
        options.onRestart?.(
          `proxy worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`,
        );
        // Back off when replacements fail too: 0.5 s, 1 s, 2 s…
        setTimeout(
          () => {
            if (!stopping && !stopRequested) fork();
          },
          failedStarts === 0 ? 0 : 250 * 2 ** failedStarts,
        ).unref();
      });
      return worker;
    };

    const close = (): Promise<void> => {
      stopping = true;
      return stopProxyWorkers();
    };

    for (let index = 0; index < options.workers; index++) fork();
  });
}

/**
 * Stops every worker of this primary: each closes its proxy and store when its channel goes away
 * (after 10 s it is killed). Safe to call while workers are still starting.
 */
export async function stopProxyWorkers(): Promise<void> {
  stopRequested = true;
  const workers = Object.values(cluster.workers ?? {}).filter(
    (worker): worker is Worker => worker !== undefined,
  );
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((done) => {
          if (worker.isDead()) return done();
          worker.once('exit', () => done());
          if (worker.isConnected()) worker.disconnect();
          else worker.kill('SIGTERM');
          setTimeout(() => worker.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}
