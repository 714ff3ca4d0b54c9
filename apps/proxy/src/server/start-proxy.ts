import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Serves the proxy over HTTP (Node). */
export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const proxy = createProxyApp(options);
  await options.autoskill.ready();
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
