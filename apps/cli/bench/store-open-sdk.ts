// Child process of the store-open benchmark: opens an AutoSkill client on the offline defaults
// over a store, answers one search and prints one JSON line with what that cost.
// Run: node --import tsx store-open-sdk.ts <store-directory> <query>
const importsStarted = performance.now();
const { AutoSkill } = await import('@autoskill/sdk');
const started = performance.now();
const cpuStarted = process.cpuUsage();
const [directory, query] = process.argv.slice(2) as [string, string];
const client = new AutoSkill({
  storeDir: directory,
  logger: 'silent',
  llm: { provider: 'mock' },
  embeddings: { provider: 'hashing' },
  env: {},
});
const hits = await client.search(query, { userId: 'u1', scope: 'all', limit: 5 });
const searchMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const rss = process.memoryUsage().rss;
await client.close();
console.log(
  JSON.stringify({
    importMs: started - importsStarted,
    searchMs,
    searchCpuMs: (cpu.user + cpu.system) / 1000,
    hits: hits.length,
    rssBytes: rss,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
