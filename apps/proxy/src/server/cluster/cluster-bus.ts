import cluster from 'node:cluster';
import { type ClusterBus, EVERYONE } from '@autoskill/core';

export { type ClusterBus, EVERYONE } from '@autoskill/core';

/** A message between proxy processes, relayed by the cluster primary. */
export interface BusMessage {
  autoskillBus: true;
  kind: 'ask' | 'answer' | 'broadcast' | 'hello';
  /** The sender's tag. */
  from: string;
  /** For `ask`: the tag of the process that should answer; for `answer`: the asker. */
  to?: string;
  topic?: string;
  /** Correlates an answer with its question. */
  call?: number;
  payload?: unknown;
}

/** A process of its own: nobody else to ask or tell. */
export function localBus(self: string): ClusterBus {
  const handlers = new Map<string, (payload: unknown) => unknown>();
  return {
    self,
    async ask<T>(to: string, topic: string, payload: unknown) {
      const handler = to === self ? handlers.get(topic) : undefined;
      return handler ? ((await handler(payload)) as T) : undefined;
    },
    askAll: async () => [],
    answer: (topic, handler) => void handlers.set(topic, handler),
    broadcast: () => {},
    on: () => {},
  };
}

/**
 * The bus of a cluster worker: messages go to the primary over the IPC channel, which relays
 * them (see `cluster-primary.ts`). Announces this process's tag so questions can find it.
 */
export function workerBus(self: string): ClusterBus {
  const worker = cluster.worker;
  if (!worker) return localBus(self);
  const handlers = new Map<string, (payload: unknown) => unknown>();
  const listeners = new Map<string, Array<(payload: unknown) => void>>();
  const pending = new Map<number, (payload: unknown) => void>();
  let calls = 0;
  const send = (message: Omit<BusMessage, 'autoskillBus' | 'from'>) => {
    if (worker.isConnected()) worker.send({ autoskillBus: true, from: self, ...message });
  };
  worker.on('message', (message: BusMessage) => {
    if (!message?.autoskillBus) return;
    if (message.kind === 'answer' && message.call !== undefined) {
      pending.get(message.call)?.(message.payload);
      pending.delete(message.call);
    } else if (message.kind === 'ask' && message.topic) {
      const handler = handlers.get(message.topic);
      Promise.resolve(handler ? handler(message.payload) : undefined).then(
        (payload) => send({ kind: 'answer', to: message.from, call: message.call, payload }),
        () => send({ kind: 'answer', to: message.from, call: message.call, payload: undefined }),
      );
    } else if (message.kind === 'broadcast' && message.topic) {
      for (const listener of listeners.get(message.topic) ?? []) listener(message.payload);
    }
  });
  const call = <T>(to: string, topic: string, payload: unknown, timeoutMs: number) => {
    const id = ++calls;
    return new Promise<T | undefined>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      timer.unref();
      pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer as T | undefined);
      });
      send({ kind: 'ask', to, topic, call: id, payload });
    });
  };
  send({ kind: 'hello' });
  return {
    self,
    ask<T>(to: string, topic: string, payload: unknown, timeoutMs = 2_000) {
      if (to === self) {
        const handler = handlers.get(topic);
        return Promise.resolve(handler ? (handler(payload) as T) : undefined);
      }
      return call<T>(to, topic, payload, timeoutMs);
    },
    async askAll<T>(topic: string, payload: unknown, timeoutMs = 2_000) {
      // The primary asks everyone else and answers with the list of what came back.
      return (await call<T[]>(EVERYONE, topic, payload, timeoutMs + 500)) ?? [];
    },
    answer: (topic, handler) => void handlers.set(topic, handler),
    broadcast: (topic, payload) => send({ kind: 'broadcast', topic, payload }),
    on: (topic, listener) => listeners.set(topic, [...(listeners.get(topic) ?? []), listener]),
  };
}
