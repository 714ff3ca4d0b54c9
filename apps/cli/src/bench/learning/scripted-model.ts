import { type LanguageModel, type LanguageModelCallOptions, messageText } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';

/** Later requests that state a rule for every answer. */
const STANDING =
  /\b(always|never|from now on|every time|by default|in future)\b|以后|今后|每次|总是|一律|始终|默认/i;
/** Requests that change how the previous answer was made (counted only after an answer). */
const FEEDBACK =
  /\b(don't|do not|avoid|without|use|make it|more|less|shorter|longer|simpler|instead|too|must|should)\b|不要|别|不用|要用|使用|改成|改为|换成|具体|简洁|详细|精简|更|加上|增加|补充|格式|风格|语气|大白话|通俗/i;

/**
 * A scripted stand-in for a real model, so the model path of learning (extraction prompt, JSON
 * parsing and validation, the maintenance judge and merger) runs offline and deterministically.
 * Replies are keyed by the system prompt: the extractor proposes a skill when the latest user
 * turn states a standing rule, or changes the previous answer's form after an answer; the judge
 * merges into the user's most similar skill above the threshold, else adds; the merger appends
 * the new rules. It is plumbing, not a judgement of quality.
 */
export function createScriptedModel(): LanguageModel {
  return new MockLanguageModel({
    provider: 'scripted',
    modelId: 'scripted-v1',
    responses: ({ options }) => scriptedReply(options),
  });
}

/** The reply the scripted model gives to one call (exported for tests). */
export function scriptedReply(call: LanguageModelCallOptions): string {
  const system = [
    call.system ?? '',
    ...call.messages.filter((message) => message.role === 'system').map(messageText),
  ].join('\n');
  const prompt = call.messages
    .filter((message) => message.role !== 'system')
    .map(messageText)
    .join('\n');
  const data = readData(prompt);
  if (/skill extractor/i.test(system)) return JSON.stringify(extract(data));
  if (/skill set manager/i.test(system)) return JSON.stringify(judge(data));
  if (/skill merger/i.test(system)) return JSON.stringify(merge(data));
  if (call.responseFormat?.type === 'json') return '{"skills": []}';
  return `Scripted answer: ${prompt.replace(/\s+/g, ' ').slice(0, 120)}`;
}

type Data = Record<string, unknown>;

function readData(prompt: string): Data {
  const start = prompt.indexOf('{');
  if (start < 0) return {};
  try {
    const value = JSON.parse(prompt.slice(start));
    return typeof value === 'object' && value !== null ? (value as Data) : {};
  } catch {
    return {};
  }
}

function extract(data: Data): { skills: unknown[] } {
  const blocks = String(data.full_conversation ?? '')
    .split(/\n\n(?=\[(?:user|assistant|system|tool|event)\] )/)
    .map((block) => /^\[(\w+)\] ([\s\S]*)$/.exec(block))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ role: match[1] as string, text: (match[2] as string).trim() }));
  const lastUserIndex = blocks.map((block) => block.role).lastIndexOf('user');
  const latest = blocks[lastUserIndex]?.text ?? '';
  const afterAnswer = blocks.slice(0, lastUserIndex).some((block) => block.role === 'assistant');
  const teaches = STANDING.test(latest) || (afterAnswer && FEEDBACK.test(latest));
  if (!latest || !teaches) return { skills: [] };
  const task = blocks.find((block) => block.role === 'user')?.text ?? latest;
  const reference = data.retrieved_reference as Data | null | undefined;
  const name = typeof reference?.name === 'string' ? reference.name : nameFor(task);
  return {
    skills: [
      {
        name,
        title: typeof reference?.title === 'string' ? reference.title : name,
        description: `Applies the user's rules to requests like: ${clip(task, 80)}`,
        instructions: `# Goal\nAnswer requests like "${clip(task, 80)}" the way this user asked.\n\n# Constraints & Style\n- ${clip(latest, 240)}`,
        triggers: [clip(task, 60)],
        tags: ['scripted'],
        confidence: 0.7,
      },
    ],
  };
}

function judge(data: Data): { action: string; target_skill_id: string | null; reason: string } {
  const threshold = Number(data.similarity_threshold ?? 0.25);
  const similar = Array.isArray(data.similar) ? (data.similar as Data[]) : [];
  const target = similar.find(
    (hit) => hit.owned_by_this_user === true && Number(hit.score) >= threshold,
  );
  return target
    ? { action: 'merge', target_skill_id: String(target.id), reason: 'same capability' }
    : { action: 'add', target_skill_id: null, reason: 'no similar skill of this user' };
}

function merge(data: Data): Record<string, unknown> {
  const existing = (data.existing ?? {}) as Data;
  const candidate = (data.candidate ?? {}) as Data;
  const old = String(existing.instructions ?? '');
  const rules = String(candidate.instructions ?? '')
    .split('\n')
    .filter((line) => line.startsWith('- ') && !old.includes(line));
  return {
    title: existing.title,
    description: existing.description,
    instructions: [old, ...rules].join('\n'),
    triggers: existing.triggers,
    tags: existing.tags,
  };
}

function nameFor(task: string): string {
  const words = task.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  if (words.length >= 2) return `scripted-${words.slice(0, 4).join('-')}`;
  let hash = 2166136261;
  for (const character of task) hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 16777619);
  return `scripted-skill-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return Array.from(flat).length > length ? `${Array.from(flat).slice(0, length).join('')}…` : flat;
}
