// Child process of `pnpm bench store-open`: opens a local store (nothing else: no vector or
// keyword index) and prints one JSON line with the time, CPU and RSS that took.
// Run: node --import tsx open-store-child.ts <store-directory>
import { createLocalSkillStore } from '../src/index';

const started = performance.now();
const cpuStarted = process.cpuUsage();
const store = await createLocalSkillStore({ directory: process.argv[2] as string });
const openMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const rssBytes = process.memoryUsage().rss;
const skills = store.stats().skills;
await store.close();
console.log(
  JSON.stringify({ openMs, openCpuMs: (cpu.user + cpu.system) / 1000, rssBytes, skills }),
);
