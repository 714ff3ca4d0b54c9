import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROCESS_TAG } from '../chat/trace-store';
import type { StoredSession } from '../management/sessions/session-schemas';
import { type CreateProxyAppOptions, createProxyApp, type ProxyApp } from './create-proxy-app';

export interface StartProxyOptions extends CreateProxyAppOptions {
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Default 9000; 0 picks a free port. */
  port?: number;
}

export interface RunningProxy extends ProxyApp {
  /** `http://host:port` */
  url: string;
  port: number;
  /** Stops accepting connections and ends open ones (the AutoSkill client stays open). */
  close(): Promise<void>;
}

/**
 * Serves the proxy over HTTP (Node). On a PostgreSQL database it joins the other replicas there
 * (a bus over LISTEN/NOTIFY: traces, job status and skill changes reach every replica) and keeps
 * the studio's chat sessions in the database, unless `bus` / `sessions` are given.
 */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const { shared } = await options.autoskill.ready();
  const bus =
    options.bus ?? (shared?.kind === 'postgres' ? await shared.openBus(PROCESS_TAG) : undefined);
  const sessions =
    options.sessions ?? (shared ? await shared.chatSessions<StoredSession>() : undefined);
  const proxy = createProxyApp({
    ...options,
    ...(bus ? { bus } : {}),
    ...(sessions ? { sessions } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  const server = createServer(proxy.listener);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9000, host, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
  // Streams can be long; the default request timeout (5 min) would cut them.
  server.requestTimeout = 0;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    app: proxy.app,
    config: proxy.config,
    upstream: proxy.upstream,
    routes: proxy.routes,
    listener: proxy.listener,
    url: `http://${shownHost}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      // A bus we opened leaves the database's members; one passed in is the caller's.
      if (!options.bus) await bus?.close?.();
    },
  };
}
