import {
  InvalidArgumentError,
  type SkillStorePutManyItem,
  type SkillStorePutManyOptions,
  type SkillStorePutManyOutcome,
} from '@autoskill/core';
import type { JournalRefresh } from './journal-refresh';
import type { SkillWriter } from './skill-writer';
import type { StoreContext } from './store-context';
import { mapLimit, positiveInteger } from './store-helpers';
import { WriteBatch } from './write-batch';

/** Skills written per lock hold by `putMany`. */
const PUT_MANY_CHUNK = 64;

/**
 * `putMany`: checks every item first (a bad item fails alone), chains items with the same id so
 * they run in order, then writes the chains in chunks of 64, each chunk under its own lock hold
 * and write batch (so other processes get their turn during a long import), up to `concurrency`
 * chains at once. Outcomes come back in input order.
 */
export async function putMany(
  parts: { context: StoreContext; writer: SkillWriter; refresh: JournalRefresh },
  items: SkillStorePutManyItem[],
  options: SkillStorePutManyOptions,
): Promise<SkillStorePutManyOutcome[]> {
  const { context, writer, refresh } = parts;
  if (!Array.isArray(items))
    throw new InvalidArgumentError('items', 'must be an array of { input, options }');
  const concurrency = positiveInteger(options.concurrency, 8, 'concurrency');
  const outcomes: SkillStorePutManyOutcome[] = new Array(items.length);
  const checked = items.map((item, index) => {
    try {
      return writer.check(item?.input, item?.options ?? {});
    } catch (error) {
      outcomes[index] = { error: error as Error };
      return undefined;
    }
  });
  const chains = new Map<string, number[]>();
  checked.forEach((put, index) => {
    if (!put) return;
    const chain = chains.get(put.id);
    if (chain) chain.push(index);
    else chains.set(put.id, [index]);
  });
  const all = [...chains.values()];
  for (let start = 0; start < all.length; start += PUT_MANY_CHUNK) {
    const chunk = all.slice(start, start + PUT_MANY_CHUNK);
    await context.locked(async () => {
      await refresh.now();
      const batch = new WriteBatch(context.directory, { sync: options.sync });
      context.batch = batch;
      try {
        await mapLimit(chunk, concurrency, async (indexes) => {
          for (const index of indexes) {
            const put = checked[index];
            if (!put) continue;
            try {
              outcomes[index] = { skill: await writer.put(put) };
            } catch (error) {
              outcomes[index] = { error: error as Error };
            }
          }
        });
      } finally {
        context.batch = undefined;
        const changes = batch.takeChanges();
        if (changes.length > 0) await context.serialized(() => context.journal.appendMany(changes));
      }
    });
  }
  return outcomes;
}
