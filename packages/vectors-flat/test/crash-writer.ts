// Child process for the crash test: runs operations from argv[3] on, forever, printing the
// number of each completed operation. The parent kills it with SIGKILL at random moments.
// Run: node --import tsx test/crash-writer.ts <directory> <first operation>
import { createFlatVectorIndex } from '../src/index';
import {
  CRASH_COMPACTION_BYTES,
  CRASH_DIMENSIONS,
  CRASH_INDEX_NAME,
  CRASH_LOCK_STALE_MS,
  operationAt,
} from './crash-model';
import { vectorFor } from './helpers';

const [directory, firstText] = process.argv.slice(2);
const index = await createFlatVectorIndex({
  directory: directory!,
  name: CRASH_INDEX_NAME,
  dimensions: CRASH_DIMENSIONS,
  syncWrites: false,
  compactionThresholdBytes: CRASH_COMPACTION_BYTES,
  lockStaleMs: CRASH_LOCK_STALE_MS,
  logger: { warn: (message) => process.stderr.write(`${message}\n`) },
});
process.stdout.write('ready\n');
for (let step = Number(firstText); ; step++) {
  const operation = operationAt(step);
  if (operation.type === 'clear') await index.clear();
  else if (operation.type === 'delete') await index.delete(operation.ids);
  else {
    await index.upsert(
      operation.ids.map((id) => ({
        id,
        vector: vectorFor(id, step, CRASH_DIMENSIONS),
        hash: String(step),
      })),
    );
  }
  process.stdout.write(`${step}\n`);
}
