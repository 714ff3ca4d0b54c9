// Child process for the latency benchmark: a fake OpenAI server, prints its URL.
import { startFakeOpenAI } from '@autoskill/test-vendors';

const vendor = await startFakeOpenAI({
  reply: 'The quick brown fox jumps over the lazy dog, again and again, to fill a streamed answer.',
  chunkSize: 8,
});
process.stdout.write(`${vendor.url}\n`);
process.on('SIGTERM', () => vendor.close().then(() => process.exit(0)));
