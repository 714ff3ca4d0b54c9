// Child process for the import crash test: a proxy over the store in argv[2] (offline model, no
// learning), printing {"url": …} once it listens. The test kills it with SIGKILL mid-import.
// Usage: node --import tsx import-server.ts <store-dir>
import { AutoSkill } from '@autoskill/sdk';
import { startProxy } from '../../../server/start-proxy';

const [storeDir] = process.argv.slice(2);
if (!storeDir) throw new Error('usage: import-server <store-dir>');
const autoskill = new AutoSkill({
  storeDir,
  llm: { provider: 'mock' },
  extractLlm: { provider: 'mock' },
  embeddings: { provider: 'hashing' },
  logger: 'silent',
  env: {},
});
const proxy = await startProxy({
  autoskill,
  upstream: { kind: 'offline' },
  port: 0,
  config: { extractMode: 'never' },
});
process.stdout.write(`${JSON.stringify({ url: proxy.url })}\n`);
