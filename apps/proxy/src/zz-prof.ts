import { AutoSkill } from '@autoskill/sdk';
import { startProxy } from './index';

const upstreamUrl = process.argv[2]!;
const topK = Number(process.argv[3]);
const ttl = Number(process.argv[4]);
const a = new AutoSkill({
  storeDir: '/tmp/autoskill-proxy-bench-1000',
  llm: { provider: 'mock' },
  embeddings: { provider: 'hashing' },
  logger: 'silent',
  env: {},
});
const p = await startProxy({
  autoskill: a,
  port: 0,
  upstream: { kind: 'openai', provider: 'f', baseUrl: upstreamUrl, model: 'm' },
  config: { extractMode: 'never', topK, retrievalCacheTtlMs: ttl },
});
console.log(p.url);
process.on('SIGTERM', async () => {
  await p.close();
  await a.close();
  process.exit(0);
});
