import type { ChatMessage } from '@autoskill/core';
import { type AutoSkill, DEFAULT_SESSION_SETTINGS } from '@autoskill/sdk';
import type { GroupOutcome, ProbeOutcome, ReplayGroup, TurnOutcome } from './replay-types';
import { originalWindow } from './replay-window';

/**
 * Replays one group (a user's sessions, or one scenario) through a fresh client, turn by turn:
 * each user turn is learned from with the original's window (`ingest`, one step at a time, as
 * the learning queue runs them), then the recorded answer joins the history. After each session
 * its first request (the first turn that is not a bare greeting, or the scenario's probe) is asked again in a new conversation, with the
 * chat session's default retrieval settings, to see whether what the session taught is injected.
 */
export async function replayGroup(
  group: ReplayGroup,
  client: AutoSkill,
  options: { window: number },
): Promise<GroupOutcome> {
  const turns: TurnOutcome[] = [];
  const probes: ProbeOutcome[] = [];
  const created = new Set<string>();
  for (const session of group.sessions) {
    const history: ChatMessage[] = [];
    const learnedInSession = new Set<string>();
    for (const [index, turn] of session.turns.entries()) {
      const outcome: TurnOutcome = {
        groupId: group.id,
        sessionId: session.id,
        turnId: turn.id,
        index,
        expected: turn.expected,
        learnedIds: [],
        added: 0,
        merged: 0,
        reason: '',
      };
      try {
        const result = await client.ingest({
          userId: group.userId,
          messages: originalWindow(history, turn.user, options.window),
        });
        outcome.added = result.added.length;
        outcome.merged = result.merged.length;
        outcome.learnedIds = [...result.added, ...result.merged].map((skill) => skill.id);
        outcome.reason = result.reason;
        for (const skill of result.added) created.add(skill.id);
        for (const id of outcome.learnedIds) learnedInSession.add(id);
      } catch (error) {
        outcome.error = error instanceof Error ? error.message : String(error);
      }
      turns.push(outcome);
      history.push({ role: 'user', content: turn.user });
      if (turn.assistant) history.push({ role: 'assistant', content: turn.assistant });
    }
    const probe = session.probe ?? firstRequest(session.turns.map((turn) => turn.user));
    if (probe) probes.push(await askAgain(group, session.id, probe, client, learnedInSession));
  }
  const expectedIds = new Set(
    group.sessions.flatMap((session) => session.turns.flatMap((turn) => turn.expectedSkillIds)),
  );
  return {
    groupId: group.id,
    userId: group.userId,
    source: group.source,
    turns,
    probes,
    createdIds: [...created],
    expectedSkills: group.expectedSkills ?? expectedIds.size,
  };
}

async function askAgain(
  group: ReplayGroup,
  sessionId: string,
  probe: string,
  client: AutoSkill,
  learned: Set<string>,
): Promise<ProbeOutcome> {
  // A fresh conversation: no history, so `auto` never rewrites the query.
  const prepared = await client.prepareTurn({
    userId: group.userId,
    messages: [{ role: 'user', content: probe }],
    scope: DEFAULT_SESSION_SETTINGS.skillScope,
    topK: DEFAULT_SESSION_SETTINGS.topK,
    minScore: DEFAULT_SESSION_SETTINGS.minScore,
    rewriteMode: DEFAULT_SESSION_SETTINGS.rewriteMode,
  });
  const injectedIds = prepared.trace.injectedIds;
  return {
    groupId: group.id,
    sessionId,
    probe,
    learnedIds: [...learned],
    injectedIds,
    retrieved: injectedIds.some((id) => learned.has(id)),
  };
}

// A greeting or a question about the assistant itself is not a request: "你好" or "你叫什么名字"
// asked again should retrieve nothing, so the session's first request is the turn after them.
const SMALL_TALK =
  /^(?:你好|您好|嗨|在吗|hi|hello|hey|good (?:morning|afternoon|evening)|你是谁|你叫什么(?:名字)?|你的名字是什么|who are you|what(?:'s| is) your name)[\s!！。.,，~?？]*$/i;

/** The session's first real request: its first user turn that is not a bare greeting. */
export function firstRequest(turns: string[]): string | undefined {
  return turns.find((text) => !SMALL_TALK.test(text.trim())) ?? turns[0];
}
