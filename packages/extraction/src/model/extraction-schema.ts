import { z } from 'zod';

const text = z.union([z.string(), z.number()]).transform((value) => String(value).trim());
const list = z
  .union([z.array(z.union([z.string(), z.number()])), z.string()])
  .transform((value) => (typeof value === 'string' ? value.split(/[,\n;]/) : value.map(String)))
  .optional()
  .default([]);

/** One skill as the model writes it. `prompt` is accepted for `instructions` (the original's field). */
export const modelSkillSchema = z
  .object({
    name: text.optional(),
    title: text.optional(),
    description: text.optional(),
    instructions: text.optional(),
    prompt: text.optional(),
    triggers: list,
    tags: list,
    confidence: z.union([z.number(), z.string()]).optional(),
    applies_to_every_answer: z
      .union([z.boolean(), z.string()])
      .optional()
      .transform((value) => value === true || value === 'true'),
  })
  .refine((skill) => Boolean(skill.name || skill.title), { message: 'each skill needs a "name"' })
  .refine((skill) => Boolean(skill.instructions || skill.prompt), {
    message: 'each skill needs "instructions"',
  });

/** The extraction reply: `{ "skills": [...] }` (a bare list is accepted too); empty = nothing to learn. */
export const extractionReplySchema = z.union([
  z.object({ skills: z.array(modelSkillSchema) }),
  z.array(modelSkillSchema).transform((skills) => ({ skills })),
]);

export type ModelSkill = z.infer<typeof modelSkillSchema>;
