// Child process for the two-writer test: upserts `<prefix>-0..count-1`, deletes every fifth,
// then exits. Run: node --import tsx test/concurrent-writer.ts <directory> <prefix> <count>
import { createFlatVectorIndex } from '../src/index';
import { CRASH_COMPACTION_BYTES, CRASH_DIMENSIONS, CRASH_INDEX_NAME } from './crash-model';
import { vectorFor } from './helpers';

const [directory, prefix, countText] = process.argv.slice(2);
const index = await createFlatVectorIndex({
  directory: directory!,
  name: CRASH_INDEX_NAME,
  dimensions: CRASH_DIMENSIONS,
  syncWrites: false,
  compactionThresholdBytes: CRASH_COMPACTION_BYTES,
  logger: { warn: (message) => process.stderr.write(`${message}\n`) },
});
const count = Number(countText);
for (let step = 0; step < count; step++) {
  const id = `${prefix}-${step}`;
  await index.upsert([{ id, vector: vectorFor(id, step, CRASH_DIMENSIONS), hash: String(step) }]);
  if (step % 5 === 4) await index.delete([`${prefix}-${step - 2}`]);
}
await index.close();
