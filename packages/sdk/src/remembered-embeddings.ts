import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { embeddingSignatureKey } from '@autoskill/core';
import type { ModelSettings } from '@autoskill/providers';
import { z } from 'zod';

/**
 * The embedding model a store's vectors were made with. Kept in `.autoskill/embeddings.json` so
 * a later run uses the same model unless told otherwise: an API key in the shell must not switch
 * a hashing-indexed store to a vendor (a new index, network calls, failures offline).
 */
export interface RememberedEmbeddings {
  provider: string;
  model: string;
  dimensions: number;
}

const rememberedSchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  dimensions: z.number().int().min(1),
});

const FILE = ['.autoskill', 'embeddings.json'] as const;

/** True when the caller chose an embedding model (provider, model or URL by flag or config). */
export function choosesEmbeddings(settings: ModelSettings | undefined): boolean {
  return (
    settings?.provider !== undefined ||
    settings?.model !== undefined ||
    settings?.baseUrl !== undefined
  );
}

/** The settings that pick the remembered model again (keys and URLs still come from settings/env). */
export function rememberedSettings(remembered: RememberedEmbeddings): ModelSettings {
  return remembered.provider === 'hashing'
    ? { provider: 'hashing', dimensions: remembered.dimensions }
    : { provider: remembered.provider, model: remembered.model, dimensions: remembered.dimensions };
}

/**
 * The store's embedding model: its record, else (a store from before the record) the newest
 * vector index under `vectors/` whose file name is exactly that model's index name.
 */
export async function readRememberedEmbeddings(
  storeDirectory: string,
): Promise<RememberedEmbeddings | undefined> {
  try {
    return rememberedSchema.parse(
      JSON.parse(await readFile(join(storeDirectory, ...FILE), 'utf8')),
    );
  } catch {
    return inferFromVectorFiles(join(storeDirectory, 'vectors'));
  }
}

/** Records the model the store is indexed with now; a read-only store only misses the record. */
export async function rememberEmbeddings(
  storeDirectory: string,
  remembered: RememberedEmbeddings,
  previous: RememberedEmbeddings | undefined,
): Promise<void> {
  if (
    previous?.provider === remembered.provider &&
    previous.model === remembered.model &&
    previous.dimensions === remembered.dimensions
  )
    return;
  await writeFile(join(storeDirectory, ...FILE), `${JSON.stringify(remembered, null, 2)}\n`).catch(
    () => undefined,
  );
}

async function inferFromVectorFiles(directory: string): Promise<RememberedEmbeddings | undefined> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const candidates: { remembered: RememberedEmbeddings; mtimeMs: number }[] = [];
  for (const name of names) {
    const match = /^([a-z0-9]+)-(.+)-d(\d+)-[0-9a-f]+\.vectors$/.exec(name);
    if (!match) continue;
    const remembered = {
      provider: match[1] as string,
      model: match[2] as string,
      dimensions: Number(match[3]),
    };
    // Only a name that is exactly this model's index name (slugs can shorten model ids).
    const key = embeddingSignatureKey({
      provider: remembered.provider,
      modelId: remembered.model,
      dimensions: remembered.dimensions,
    });
    if (`${key}.vectors` !== name) continue;
    const info = await stat(join(directory, name)).catch(() => undefined);
    if (info) candidates.push({ remembered, mtimeMs: info.mtimeMs });
  }
  candidates.sort((left, right) => right.mtimeMs - left.mtimeMs);
  return candidates[0]?.remembered;
}
