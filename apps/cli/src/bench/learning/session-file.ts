import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../usage-error';
import type { ReplayGroup, ReplayTurn } from './replay-types';

const message = z.object({ role: z.string(), content: z.unknown() }).passthrough();
const extraction = z
  .object({
    status: z.string().optional(),
    upserted: z
      .array(z.object({ id: z.string(), name: z.string().optional() }).passthrough())
      .optional(),
  })
  .passthrough();

const sessionFileSchema = z
  .object({
    user_id: z.string().min(1),
    sessions: z.array(
      z
        .object({
          id: z.string(),
          meta: z.object({ title: z.string().optional() }).passthrough().optional(),
          trace: z
            .object({
              turns: z.array(
                z
                  .object({
                    id: z.string(),
                    kind: z.string().optional(),
                    input: z.string().optional(),
                    chat_append: z.array(message).nullish(),
                  })
                  .passthrough(),
              ),
              extraction_events: z
                .array(z.object({ turn_id: z.string(), extraction: extraction.nullish() }))
                .optional(),
            })
            .passthrough(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

/**
 * Reads one file the original AutoSkill web UI saved (`web_sessions/<user>.json`) as a replay
 * group: the user's sessions in file order, their chat turns with the recorded answers, and
 * what the original learned at each turn. Throws a UsageError naming the file when it is not
 * such a file.
 */
export async function readSessionFile(path: string): Promise<ReplayGroup> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not a JSON file (${(error as Error).message})`);
  }
  const parsed = sessionFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${path}: not a session file of the original web UI (${issue?.path.join('.') || 'root'}: ${issue?.message})`,
    );
  }
  return {
    id: basename(path),
    userId: parsed.data.user_id,
    source: 'session',
    sessions: parsed.data.sessions.map((session) => {
      const outcomes = originalOutcomes(session.trace.extraction_events ?? []);
      const turns: ReplayTurn[] = [];
      for (const turn of session.trace.turns) {
        if (turn.kind !== undefined && turn.kind !== 'chat') continue;
        const append = turn.chat_append ?? [];
        const user = append.find((entry) => entry.role === 'user');
        const assistant = append.find((entry) => entry.role === 'assistant');
        const userText = textOf(user?.content) || (turn.input ?? '');
        if (!userText.trim()) continue;
        const outcome = outcomes.get(turn.id);
        turns.push({
          id: turn.id,
          user: userText,
          assistant: textOf(assistant?.content),
          expected: outcome?.learned ? 'learned' : outcome?.decided ? 'not-learned' : 'unknown',
          expectedSkillIds: outcome?.ids ?? [],
        });
      }
      return { id: session.id, title: session.meta?.title ?? '', turns };
    }),
  };
}

/**
 * What the original did at each turn. Only an `upserted` entry says for sure that it learned;
 * a `completed` job without one learned nothing; a trace that stops at `scheduled`/`running`
 * (or a failed job) leaves the turn unknown.
 */
function originalOutcomes(
  events: Array<{ turn_id: string; extraction?: z.infer<typeof extraction> | null }>,
): Map<string, { learned: boolean; decided: boolean; ids: string[] }> {
  const outcomes = new Map<string, { learned: boolean; decided: boolean; ids: string[] }>();
  for (const event of events) {
    const entry = outcomes.get(event.turn_id) ?? { learned: false, decided: false, ids: [] };
    const upserted = event.extraction?.upserted ?? [];
    for (const skill of upserted) if (!entry.ids.includes(skill.id)) entry.ids.push(skill.id);
    if (upserted.length > 0) entry.learned = true;
    if (event.extraction?.status === 'completed') entry.decided = true;
    outcomes.set(event.turn_id, entry);
  }
  return outcomes;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (typeof part?.text === 'string' ? (part.text as string) : ''))
    .filter(Boolean)
    .join('\n');
}

/** Every `*.json` session file in a folder (sorted by name), or the one file given. */
export async function listSessionFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`--sessions ${JSON.stringify(path)} does not exist`);
  if (info.isFile()) return [path];
  const files = (await readdir(path))
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => join(path, name));
  if (files.length === 0)
    throw new UsageError(`--sessions ${JSON.stringify(path)} holds no *.json session files`);
  return files;
}
