import {
  InvalidArgumentError,
  type Skill,
  type SkillStorePutManyItem,
  type SkillStorePutManyOptions,
} from '@autoskill/core';
import { journalChangeOf, type PlannedWrite } from './planned-write';
import type { SkillWriter } from './skill-writer';
import { applyBatch, removeBatch, stageBatch } from './staged-batch';
import type { StoreContext } from './store-context';
import { positiveInteger } from './store-helpers';
import { WriteBatch } from './write-batch';

/**
 * `putAll`: every item or none. Checks every item, then, under one hold of the store lock, plans
 * every write (names, documents, history lines: any problem throws before a byte is written),
 * stages the batch in `.autoskill/batches/<uuid>/`, commits it with its manifest and applies it
 * (`staged-batch`). A crash after the commit is finished by the next open or write of any
 * process; before it, the staged batch is thrown away.
 */
export async function putAll(
  parts: { context: StoreContext; writer: SkillWriter },
  items: SkillStorePutManyItem[],
  options: SkillStorePutManyOptions,
): Promise<Skill[]> {
  const { context, writer } = parts;
  if (!Array.isArray(items))
    throw new InvalidArgumentError('items', 'must be an array of { input, options }');
  const concurrency = positiveInteger(options.concurrency, 8, 'concurrency');
  const checked = items.map((item) => writer.check(item?.input, item?.options ?? {}));
  const ids = new Set<string>();
  for (const put of checked) {
    if (ids.has(put.id))
      throw new InvalidArgumentError(
        'items',
        `skill ${put.id} appears twice; putAll writes each skill once`,
      );
    ids.add(put.id);
  }
  if (checked.length === 0) return [];
  return context.locked(async () => {
    context.batch = new WriteBatch(context.directory, { sync: options.sync });
    const reserved: string[] = [];
    try {
      // One at a time, in input order: the same items always get the same folder names.
      const plans: PlannedWrite[] = [];
      for (const put of checked) plans.push(await writer.plan(put, reserved));
      const { directory, manifest } = await stageBatch(context, plans, { concurrency });
      await applyBatch(context, directory, manifest, { concurrency });
      const skills = plans.map((plan) => writer.commitEntry(plan));
      await context.serialized(() => context.journal.appendMany(plans.map(journalChangeOf)));
      await removeBatch(context, directory);
      return skills;
    } finally {
      context.batch = undefined;
      context.entries.release(reserved);
    }
  });
}
