// Child process for the latency benchmark: the proxy over a store, in front of an upstream.
// argv: <storeDir or database URL> <upstreamUrl>. Prints `<proxy url> <ready ms>` once listening.
import { startProxy } from '../src/index';
import { offlineAutoSkill } from './bench-store';

const [storeLocation, upstreamUrl] = process.argv.slice(2) as [string, string];
const started = performance.now();
const autoskill = offlineAutoSkill(storeLocation);
const proxy = await startProxy({
  autoskill,
  port: 0,
  upstream: {
    kind: 'openai',
    provider: 'fake',
    baseUrl: upstreamUrl,
    apiKey: 'sk-bench',
    model: 'fake-model',
  },
  config: {
    extractMode: (process.env.BENCH_EXTRACT_MODE as 'never' | 'always' | undefined) ?? 'never',
    minScore: 0.2,
    topK: Number(process.env.BENCH_TOP_K ?? 1),
  },
});
process.stdout.write(`${proxy.url} ${Math.round(performance.now() - started)}\n`);
process.on('SIGTERM', () =>
  proxy
    .close()
    .then(() => autoskill.close())
    .then(() => process.exit(0)),
);
