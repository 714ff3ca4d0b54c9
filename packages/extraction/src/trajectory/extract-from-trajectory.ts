import { type ChatMessage, messageText } from '@autoskill/core';
import type { ExtractionInput, ExtractionResult } from '../extraction-types';
import {
  askModelForSkill,
  extractWithModel,
  type ModelExtractionOptions,
} from '../model/extract-with-model';
import {
  buildTrajectoryPayload,
  TRAJECTORY_EXTRACTION_SYSTEM_PROMPT,
} from '../model/trajectory-prompt';
import { extractWithRules } from '../rules/extract-with-rules';
import { gatherEvidence } from '../rules/gather-evidence';
import { buildProcedureCandidate } from './build-procedure-candidate';
import { judgeTrajectory } from './judge-trajectory';
import { firstToolCallIndex, type Trajectory } from './read-trajectory';

/**
 * Extraction for a tool-using run. A successful run with a real procedure becomes one skill
 * (rules: built from the steps; model: the trajectory prompt). A failed run or a one-off call
 * teaches no procedure; the user's own words around a one-off call, and their feedback on a failed
 * run, are read as a conversation, so a durable rule they stated is not lost.
 */
export async function extractFromTrajectory(
  input: ExtractionInput,
  trajectory: Trajectory,
  options: { model?: ModelExtractionOptions; maxWindowMessages: number },
): Promise<ExtractionResult> {
  const verdict = judgeTrajectory(trajectory);
  if (verdict.kind === 'procedure') {
    if (!options.model)
      return {
        candidate: buildProcedureCandidate(trajectory, verdict, {
          ...(input.hint ? { hint: input.hint } : {}),
          ...(input.reference ? { reference: input.reference } : {}),
        }),
        reason: verdict.reason,
        mode: 'rules',
      };
    const payload = buildTrajectoryPayload({
      trajectory,
      verdict,
      ...(input.hint ? { hint: input.hint } : {}),
      ...(input.reference ? { reference: input.reference } : {}),
    });
    const result = await askModelForSkill(
      TRAJECTORY_EXTRACTION_SYSTEM_PROMPT,
      payload,
      input,
      options.model,
    );
    return result.candidate ? result : { ...result, reason: `${verdict.reason}; ${result.reason}` };
  }
  // A failed run teaches no procedure: none of it was shown to work. What the user said about it
  // once it was under way (a correction, a feedback event: "always run the smoke test first") is
  // the pitfall, and is read as a conversation; the request that started the run is not.
  const messages = input.messages ?? [];
  const dialogue: ExtractionInput = {
    ...input,
    messages: dialogueOf(
      verdict.kind === 'failed' ? messages.slice(firstToolCallIndex(messages) + 1) : messages,
    ),
    events: input.events ?? [],
  };
  const spoken = gatherEvidence(dialogue, Number.MAX_SAFE_INTEGER).texts.length > 0;
  const result = !spoken
    ? undefined
    : options.model
      ? await extractWithModel(dialogue, options.model)
      : extractWithRules(dialogue, options.maxWindowMessages);
  const lead =
    verdict.kind === 'failed'
      ? `${verdict.reason}: a procedure that did not work is not learned`
      : verdict.reason;
  if (result?.candidate) return { ...result, reason: `${lead}; ${result.reason}` };
  return {
    reason: result ? `${lead}; nothing else to learn (${result.reason})` : lead,
    mode: options.model ? 'llm' : 'rules',
  };
}

/** The conversation around the run: user turns and assistant text, without tool calls or results. */
function dialogueOf(messages: ChatMessage[]): ChatMessage[] {
  return messages
    .filter((message) => message?.role === 'user' || message?.role === 'assistant')
    .map((message) => ({ role: message.role, content: messageText(message) }))
    .filter((message) => message.content.trim() !== '');
}
