import cluster from 'node:cluster';
import { AutoSkill, libraryNameForFolder } from '@autoskill/sdk';
import type { CliContext } from '../cli-context';
import { UsageError } from '../usage-error';
import { openBrowser } from './open-browser';
import { type PreparedProxy, prepareProxy } from './prepare-proxy';
import type { ProxyCommandOptions } from './proxy-command-options';

/** How `autoskill web` differs from `autoskill proxy` (the same server). */
export interface ProxyCommandMode {
  /** `autoskill web`: the start line leads with the studio's URL; `open` opens it in a browser. */
  web?: { open: boolean };
}

/** Where the studio is served from (`@autoskill/web`'s build) and what to do when it is not built. */
async function studioOptions(): Promise<{ directory: string; buildHint: string }> {
  const { STUDIO_DIRECTORY } = await import('@autoskill/web');
  return {
    directory: STUDIO_DIRECTORY,
    buildHint:
      'Run `pnpm autoskill web` once (it builds the studio), or `pnpm --filter @autoskill/web build`, then reload.',
  };
}

/**
 * `autoskill proxy`: one process, or with `--workers N` a node:cluster primary that imports the
 * libraries once and forks N workers sharing the port (each runs this same command and serves).
 */
export async function runProxyCommand(
  context: CliContext,
  options: ProxyCommandOptions,
  mode: ProxyCommandMode = {},
): Promise<void> {
  if (cluster.isWorker) return serveAsWorker(options, await prepareProxy(context, options));
  // An embedded PGlite folder has one connection: worker processes opening it would corrupt it.
  if (options.workers > 1 && options.databaseUrl?.startsWith('pglite:'))
    throw new UsageError(
      '--workers needs a PostgreSQL server: a pglite:// database is one process',
    );
  // Listen for the stop signal from the start: a Ctrl+C while the store opens must stop cleanly.
  const stopped = context.io.untilStopped();
  const prepared = await prepareProxy(context, options);
  const autoskill = new AutoSkill(prepared.autoskillConfig);
  const runtime = await autoskill.ready();
  await importLibraries(context, autoskill, options.libraryDir);
  const answers =
    prepared.upstream.kind === 'offline'
      ? `offline ${runtime.chosen.llm}`
      : `${prepared.upstream.provider} ${prepared.upstream.model ?? '(client model)'} at ${prepared.upstream.baseUrl}`;
  const learning = runtime.extractionModel
    ? `${runtime.extractionModel.provider}:${runtime.extractionModel.modelId}`
    : 'mock (offline rules)';
  const lead = (url: string) =>
    mode.web ? `AutoSkill Studio on ${url}/ (API ${url}/v1)` : `AutoSkill proxy on ${url}/v1`;
  const startLine = (url: string, processes: string) =>
    `${lead(url)}${processes} — answers: ${answers} (${prepared.reason}); learning: ${learning}; embeddings: ${runtime.chosen.embeddings}; auth: ${prepared.auth}; store: ${runtime.storeDirectory ?? (prepared.autoskillConfig.databaseUrl ? '(database)' : '(memory)')}\n`;
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(options.host);
  if (!loopback && prepared.auth === 'none') {
    context.note(
      `warning: listening on ${options.host} without --proxy-api-key or --keys-file: anyone who can reach it can read and change skills`,
    );
  }
  if (!loopback && options.trustIdentityHeader && !options.proxyApiKey) {
    context.note(
      `warning: trusting ${options.trustIdentityHeader} on ${options.host} without --proxy-api-key: anyone who can reach the proxy can act as any user; let only the front end reach it`,
    );
  }
  const { startProxy, startProxyCluster, stopProxyWorkers } = await import('@autoskill/proxy');
  if (options.workers > 1) {
    // The workers open the store themselves; the primary only relays between them.
    await autoskill.close();
    const running = await Promise.race([
      startProxyCluster({
        workers: options.workers,
        onRestart: (message) => context.note(message),
      }),
      stopped.then(() => undefined),
    ]);
    if (running) {
      context.write(startLine(running.url, ` (${options.workers} worker processes)`));
      if (mode.web?.open) openBrowser(`${running.url}/`);
      await stopped;
    }
    await stopProxyWorkers();
    return;
  }
  const proxy = await startProxy({
    autoskill,
    upstream: prepared.upstream,
    host: options.host,
    port: options.port,
    config: prepared.proxyConfig,
    studio: await studioOptions(),
    ...accessLogOption(options, (line) => context.note(line)),
  });
  context.write(startLine(proxy.url, ''));
  if (mode.web?.open) openBrowser(`${proxy.url}/`);
  await stopped;
  await proxy.close();
  // Waiting learning jobs stay in the store's job queue; the next start resumes them.
  await autoskill.close({ learning: 'leave' });
}

/** A cluster worker: serve on the shared port until the primary lets go. */
async function serveAsWorker(options: ProxyCommandOptions, prepared: PreparedProxy): Promise<void> {
  const { PROCESS_TAG, startProxy, workerBus } = await import('@autoskill/proxy');
  // Ctrl+C reaches every process of the group: the primary decides when workers stop, by
  // closing the channel (also when it dies, even while this worker is still starting).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
  const disconnected = new Promise<void>((resolve) => {
    if (!cluster.worker?.isConnected()) resolve();
    cluster.worker?.once('disconnect', () => resolve());
  });
  const autoskill = new AutoSkill(prepared.autoskillConfig);
  try {
    const proxy = await startProxy({
      autoskill,
      upstream: prepared.upstream,
      host: options.host,
      port: options.port,
      config: prepared.proxyConfig,
      studio: await studioOptions(),
      // On a PostgreSQL database every worker joins the replicas' bus there (startProxy's default),
      // which reaches its sibling workers as well as the other machines.
      ...(prepared.autoskillConfig.databaseUrl?.startsWith('postgres')
        ? {}
        : { bus: workerBus(PROCESS_TAG) }),
      ...accessLogOption(options, (line) => process.stderr.write(`${line}\n`)),
    });
    if (cluster.worker?.isConnected()) process.send?.({ autoskillReady: true, url: proxy.url });
    await disconnected;
    await proxy.close();
    await autoskill.close({ learning: 'leave' });
  } catch (error) {
    if (cluster.worker?.isConnected())
      process.send?.({ autoskillFailed: true, message: (error as Error).message });
    await autoskill.close({ learning: 'leave' });
  }
}

/** The access log is on with `--access-log` or `--verbose`; lines go to stderr. */
function accessLogOption(
  options: ProxyCommandOptions,
  write: (line: string) => void,
): { accessLog?: (line: string) => void } {
  if (!options.accessLog && !options.verbose) return {};
  return { accessLog: (line) => write(`[autoskill] ${line}`) };
}

async function importLibraries(
  context: CliContext,
  autoskill: AutoSkill,
  directories: string[],
): Promise<void> {
  for (const directory of directories) {
    const library = libraryNameForFolder(directory);
    const existing = (await autoskill.list({ scope: 'common' })).filter(
      (skill) => skill.owner === library,
    );
    if (existing.length > 0) {
      context.note(
        `library ${library}: ${existing.length} skill(s) already in the store; not re-imported (use \`autoskill import --scope common\` to refresh)`,
      );
      continue;
    }
    const result = await autoskill.importAgentSkillDirs({
      rootDir: directory,
      scope: 'common',
      library,
    });
    context.note(
      `library ${library}: imported ${result.imported.length} skill(s)${result.skipped.length ? `, skipped ${result.skipped.length}` : ''}`,
    );
  }
}
