// Preloaded (`node --import`) into a benchmarked child: writes its peak RSS and CPU time to the file named by
// AUTOSKILL_BENCH_USAGE_FILE when it exits, so a command can be measured without changing it.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.AUTOSKILL_BENCH_USAGE_FILE;
  if (file) {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(file, JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, cpuMs }));
  }
});
