import { InvalidArgumentError } from '@autoskill/core';
import { z } from 'zod';

/** A model `/v1/models` lists, with the fields of OpenAI's model object the operator may set. */
export interface ServedModel {
  id: string;
  owned_by?: string;
  created?: number;
}

/**
 * One served model as config takes it: an id, or an object like the original's
 * `{id | model, object?: "model", owned_by?, created?}` (`model` is an alias of `id`).
 */
export const servedModelInput = z.union([
  z.string().trim().min(1),
  z
    .looseObject({
      id: z.string().trim().min(1).optional(),
      model: z.string().trim().min(1).optional(),
      object: z.literal('model').optional(),
      owned_by: z.string().min(1).optional(),
      created: z.number().int().nonnegative().optional(),
    })
    .refine((entry) => entry.id !== undefined || entry.model !== undefined, {
      message: 'a served model object needs "id" (or "model")',
    }),
]);

export type ServedModelInput =
  | string
  | { id?: string; model?: string; object?: 'model'; owned_by?: string; created?: number };

/** Served models as objects, the first of each id kept (ids are what clients send). */
export function normalizeServedModels(list: readonly ServedModelInput[]): ServedModel[] {
  const seen = new Map<string, ServedModel>();
  for (const entry of list) {
    const parsed = servedModelInput.parse(entry);
    const model: ServedModel =
      typeof parsed === 'string'
        ? { id: parsed }
        : {
            id: (parsed.id ?? parsed.model) as string,
            ...(parsed.owned_by ? { owned_by: parsed.owned_by } : {}),
            ...(parsed.created === undefined ? {} : { created: parsed.created }),
          };
    if (!seen.has(model.id)) seen.set(model.id, model);
  }
  return [...seen.values()];
}

/**
 * `--served-models-json` / `AUTOSKILL_PROXY_MODELS`: a JSON array of ids or model objects, one
 * such object, or (the older simple form) a comma-separated list of ids.
 */
export function parseServedModels(text: string): ServedModel[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{'))
    return normalizeServedModels(trimmed.split(',').filter((id) => id.trim() !== ''));
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw new InvalidArgumentError('served models', `not valid JSON (${(error as Error).message})`);
  }
  // One model or a list: parsed separately so an error names the entry at fault.
  const parsed = Array.isArray(value)
    ? z.array(servedModelInput).safeParse(value)
    : servedModelInput.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(
      'served models',
      `${issue?.path.length ? `[${issue.path.join('.')}] ` : ''}${issue?.message ?? 'invalid'}; expected ["id", {"id": "…", "owned_by": "…"}]`,
    );
  }
  return normalizeServedModels(Array.isArray(parsed.data) ? parsed.data : [parsed.data]);
}

/** True when `id` is one of the served models. */
export function isServedModel(list: readonly ServedModelInput[], id: string): boolean {
  return normalizeServedModels(list).some((model) => model.id === id);
}
