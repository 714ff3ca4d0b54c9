import { type ChatContentPart, type ChatMessage, messageText } from '@autoskill/core';
import { z } from 'zod';
import { ProxyHttpError } from '../edge/proxy-http-error';
import type { ChatBody } from './language-model-upstream';

// OpenAI chat body → Anthropic Messages body. The reverse (answers) is in anthropic-response.ts
// and anthropic-stream.ts. Field mapping: docs/decisions/2026-12-02-anthropic-tools.md.

type Block = Record<string, unknown>;
interface Turn {
  role: 'user' | 'assistant';
  blocks: Block[];
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const functionTool = z.object({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

/** A 400 in OpenAI's shape naming the field the Anthropic translation could not take. */
function invalid(message: string, param: string, code = 'invalid_value'): ProxyHttpError {
  return new ProxyHttpError(400, message, code, 'invalid_request_error', param);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, param: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = [param, ...(issue?.path ?? []).map(String)].join('.');
  throw invalid(`Invalid ${where}: ${issue?.message ?? 'invalid'}`, where);
}

/**
 * The Messages API body for an OpenAI chat body (without `model` and `stream`): system and
 * developer messages join `system`; tool messages become `tool_result` blocks of a user turn;
 * assistant `tool_calls` become `tool_use` blocks; `image_url` parts become `image` blocks
 * (base64 from a data: URL, else a url source); consecutive turns of one role merge, and the
 * conversation starts with a user turn. Throws a 400 for what cannot be translated.
 */
export function toAnthropicRequest(body: ChatBody, defaultMaxTokens: number): Block {
  if (typeof body.n === 'number' && body.n > 1)
    throw invalid(
      'The Anthropic upstream answers with one choice: "n" must be 1.',
      'n',
      'unsupported',
    );
  const system: string[] = [];
  const turns: Turn[] = [];
  body.messages.forEach((message, index) => {
    const param = `messages.${index}`;
    if (message.role === 'system' || message.role === 'developer') {
      const text = messageText(message);
      if (text !== '') system.push(text);
      return;
    }
    const turn = toTurn(message, param);
    const previous = turns.at(-1);
    if (previous && previous.role === turn.role) previous.blocks.push(...turn.blocks);
    else turns.push(turn);
  });
  if (turns[0]?.role !== 'user')
    turns.unshift({ role: 'user', blocks: [{ type: 'text', text: '(conversation start)' }] });
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const stop =
    typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
  const tools = toAnthropicTools(body);
  return {
    max_tokens: typeof maxTokens === 'number' ? maxTokens : defaultMaxTokens,
    messages: turns.map(toMessageParam),
    ...(system.length > 0 ? { system: system.join('\n\n') } : {}),
    // Anthropic's temperature range is 0–1; OpenAI's is 0–2.
    ...(typeof body.temperature === 'number' ? { temperature: Math.min(1, body.temperature) } : {}),
    ...(typeof body.top_p === 'number' ? { top_p: body.top_p } : {}),
    ...(stop && stop.length > 0 ? { stop_sequences: stop.map(String) } : {}),
    ...tools,
  };
}

/**
 * A turn with text only is sent as a plain string (as before tools were translated). In a user
 * turn the `tool_result` blocks go first: Anthropic refuses text before them.
 */
function toMessageParam(turn: Turn): Block {
  if (turn.blocks.length === 0) return { role: turn.role, content: '(empty)' };
  if (turn.blocks.every((block) => block.type === 'text'))
    return { role: turn.role, content: turn.blocks.map((block) => block.text).join('\n\n') };
  const isResult = (block: Block) => block.type === 'tool_result';
  const content =
    turn.role === 'user'
      ? [...turn.blocks.filter(isResult), ...turn.blocks.filter((block) => !isResult(block))]
      : turn.blocks;
  return { role: turn.role, content };
}

function toTurn(message: ChatMessage, param: string): Turn {
  switch (message.role) {
    case 'user':
      return { role: 'user', blocks: contentBlocks(message.content, `${param}.content`) };
    case 'assistant':
      return { role: 'assistant', blocks: assistantBlocks(message, param) };
    case 'tool':
      return { role: 'user', blocks: [toolResult(message, param)] };
    default:
      throw invalid(
        `The Anthropic upstream cannot take "${message.role}" messages (use "tool" messages for tool results).`,
        `${param}.role`,
        'unsupported',
      );
  }
}

function contentBlocks(content: ChatMessage['content'], param: string): Block[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part, index) => partBlock(part, `${param}.${index}`));
}

function partBlock(part: ChatContentPart, param: string): Block[] {
  if (part.type === 'text')
    return typeof part.text === 'string' && part.text !== ''
      ? [{ type: 'text', text: part.text }]
      : [];
  if (part.type === 'refusal' && typeof part.refusal === 'string')
    return [{ type: 'text', text: part.refusal }];
  if (part.type === 'image_url') return [imageBlock(part, param)];
  throw invalid(
    `The Anthropic upstream cannot take "${part.type}" content parts (text and image_url only).`,
    `${param}.type`,
    'unsupported',
  );
}

function imageBlock(part: ChatContentPart, param: string): Block {
  const url = (part.image_url as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || url === '')
    throw invalid('An image_url part needs image_url.url.', `${param}.image_url.url`);
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) {
    const mediaType = (data[1] as string).toLowerCase();
    if (!IMAGE_TYPES.has(mediaType))
      throw invalid(
        `Anthropic takes JPEG, PNG, GIF and WebP images, not ${mediaType}.`,
        `${param}.image_url.url`,
        'unsupported',
      );
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: data[2] } };
  }
  if (!/^https?:\/\//i.test(url))
    throw invalid('An image URL must be http(s) or a base64 data: URL.', `${param}.image_url.url`);
  return { type: 'image', source: { type: 'url', url } };
}

function assistantBlocks(message: ChatMessage, param: string): Block[] {
  const blocks = contentBlocks(message.content, `${param}.content`);
  if (message.tool_calls === undefined || message.tool_calls === null) return blocks;
  const calls = parse(z.array(toolCall), message.tool_calls, `${param}.tool_calls`);
  calls.forEach((call, index) => {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: toolInput(call.function.arguments, `${param}.tool_calls.${index}.function.arguments`),
    });
  });
  return blocks;
}

/** Tool-call arguments (JSON text of an object) → the `input` object Anthropic wants. */
function toolInput(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('Tool-call arguments must be JSON text of an object.', param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('Tool-call arguments must be JSON text of an object.', param);
  return value as Record<string, unknown>;
}

function toolResult(message: ChatMessage, param: string): Block {
  const id = message.tool_call_id;
  if (typeof id !== 'string' || id === '')
    throw invalid('A "tool" message needs the tool_call_id it answers.', `${param}.tool_call_id`);
  const blocks = contentBlocks(message.content, `${param}.content`);
  return {
    type: 'tool_result',
    tool_use_id: id,
    content: blocks.length === 0 ? '' : blocks,
  };
}

/** `tools`, `tool_choice` and `parallel_tool_calls` → Anthropic's `tools` and `tool_choice`. */
function toAnthropicTools(body: ChatBody): Block {
  if (body.tools === undefined || body.tools === null) return {};
  const tools = parse(z.array(functionTool), body.tools, 'tools');
  if (tools.length === 0) return {};
  const choice =
    body.tool_choice === undefined || body.tool_choice === null
      ? 'auto'
      : parse(toolChoice, body.tool_choice, 'tool_choice');
  const serial = body.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  const anthropicChoice =
    choice === 'auto'
      ? { type: 'auto', ...serial }
      : choice === 'none'
        ? { type: 'none' }
        : choice === 'required'
          ? { type: 'any', ...serial }
          : { type: 'tool', name: choice.function.name, ...serial };
  return {
    tools: tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      // Anthropic requires an object schema; OpenAI lets `parameters` be left out.
      input_schema: { type: 'object', properties: {}, ...fn.parameters },
    })),
    tool_choice: anthropicChoice,
  };
}
