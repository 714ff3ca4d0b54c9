/** The `to` of a question for every other process. */
export const EVERYONE = '*';

/**
 * How the processes serving one skill base reach each other: the workers of one proxy
 * (`autoskill proxy --workers N`, relayed by the cluster primary) or replicas on several
 * machines sharing a database (`@autoskill/store-postgres`, over LISTEN/NOTIFY). A request that
 * lands on one process can ask the process that owns a trace or a learning job for it, and every
 * process hears when skills changed. With one process it is a bus of one.
 */
export interface ClusterBus {
  /** This process's tag (part of the ids it hands out). */
  readonly self: string;
  /** Asks the process tagged `to`; resolves undefined when it is gone or does not answer in time. */
  ask<T>(to: string, topic: string, payload: unknown, timeoutMs?: number): Promise<T | undefined>;
  /** Asks every other process; resolves with the answers that are not undefined. */
  askAll<T>(topic: string, payload: unknown, timeoutMs?: number): Promise<T[]>;
  /** Answers the questions on `topic` asked of this process. */
  answer(topic: string, handler: (payload: unknown) => unknown): void;
  /** Tells every other process. */
  broadcast(topic: string, payload: unknown): void;
  /** Hears what other processes broadcast on `topic`. */
  on(topic: string, listener: (payload: unknown) => void): void;
  /** Leaves the bus (optional: a bus of one has nothing to release). */
  close?(): Promise<void>;
}
