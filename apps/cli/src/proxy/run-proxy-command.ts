import cluster from 'node:cluster';
import { AutoSkill, libraryNameForFolder } from '@autoskill/sdk';
import type { CliContext } from '../cli-context';
import { type PreparedProxy, prepareProxy } from './prepare-proxy';
import type { ProxyCommandOptions } from './proxy-command-options';

/**
 * `autoskill proxy`: one process, or with `--workers N` a node:cluster primary that imports the
 * libraries once and forks N workers sharing the port (each runs this same command and serves).
 */
export async function runProxyCommand(
  context: CliContext,
  options: ProxyCommandOptions,
): Promise<void> {
  if (cluster.isWorker) return serveAsWorker(options, await prepareProxy(context, options));
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
  const startLine = (url: string, processes: string) =>
    `AutoSkill proxy on ${url}/v1${processes} — answers: ${answers} (${prepared.reason}); learning: ${learning}; embeddings: ${runtime.chosen.embeddings}; auth: ${prepared.auth}; store: ${runtime.storeDirectory ?? '(memory)'}\n`;
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.host) && prepared.auth === 'none') {
    context.note(
      `warning: listening on ${options.host} without --proxy-api-key or --keys-file: anyone who can reach it can read and change skills`,
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
  });
  context.write(startLine(proxy.url, ''));
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
      bus: workerBus(PROCESS_TAG),
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
