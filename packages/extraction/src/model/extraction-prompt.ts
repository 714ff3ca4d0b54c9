import { type ChatMessage, type ExperienceEvent, messageText } from '@autoskill/core';
import type { SkillReference } from '../extraction-types';

/** The extraction system prompt: the gating policy of the original, restated. */
export const EXTRACTION_SYSTEM_PROMPT = `You are AutoSkill's skill extractor. From a short window of a conversation between a user and an assistant, decide whether the USER has expressed something durable that should become a reusable skill, and if so write at most ONE skill.

Evidence rules
- The user's turns are the only evidence. Assistant text is context: never turn checklists, thresholds, taxonomies or other specifics the assistant invented into rules unless the user asked for them or explicitly confirmed them. "ok", "continue", "thanks" confirm nothing.
- Focus on the latest user turns. If the user started a new objective, deliverable, audience or channel, only what was said after that point counts. Never mix two work items in one skill.
- If the evidence is ambiguous or mostly written by the assistant, return no skill.

Return NO skill for
- one-off or generic requests without a user policy ("write a report about X", "translate this", factual questions, small talk);
- content-only changes (WHAT this one output says) as opposed to policy or process changes (HOW outputs are produced);
- a request's own one-off parameters ("a haiku about spring without emojis", "about 1000 words", a name to use in this text), unless the user says they are standing;
- common-knowledge logic, requirements only the assistant stated, stale requirements, things this user is unlikely to reuse, and anything that becomes empty or generic once names, projects and dates are removed.

Return a skill (the bar is low: ONE explicit durable constraint is enough) for
- corrections and must-do / must-not rules ("do not hallucinate", "always cite sources");
- output and implementation policy: language, tone, audience, level of detail, structure, format or layout ("no tables"), allowed tools or technologies, hard limits ("never exceed 37 °C", "at most 200 words");
- mandatory SOP steps and explicit multi-step workflows ("use SOP step 3 before step 4", "before each release: regression -> canary -> monitor -> full rollout");
- explicit schemas or templates the user wants reused;
- feedback on the previous answer, the strongest signal there is: a user turn right after an assistant answer that asks to change its form, style, length, language, structure or rigour ("写的具体一些", "使用word格式", "加责任分工和量化指标", "make it shorter") is a rule for that KIND of task (name the skill after the kind of deliverable, e.g. "government report writing", not after this one topic), even without words like always / never / 不要.

Standing preferences
- A preference for EVERY answer whatever the task ("always answer in bullet points", "never use emojis", "用中文回答", "keep answers short") is a standing preference: name it "answer-preferences", title "Answer preferences" (in the user's language), put the rules under "# Constraints & Style", and set "applies_to_every_answer": true. Rules scoped to a kind of task ("when you write reports: …") are NOT standing preferences.

Writing the skill
- De-identify: remove people, organisations, addresses, project/repo/ticket/account ids, URLs, e-mails, exact dates and budgets; use placeholders such as <PROJECT> or <SOURCE_CONTENT> for runtime content.
- Write every field in the user's language.
- name: kebab-case English (or toneless pinyin for Chinese skills), searchable and self-explanatory (intent + action + domain), e.g. "report-writing-with-citations".
- title: a short human-readable name in the user's language.
- description: one or two sentences, third person: what the skill does and when to use it.
- instructions: Markdown with "# Goal" (the objective and the expected output), "# Constraints & Style" (the user's must-do and must-not rules as "- " bullets, in the user's words) and, only if the user gave explicit steps, "# Workflow" (numbered steps). No other headings.
- triggers: 3 to 5 short phrases a user would type when they need this skill.
- tags: 1 to 6 short keywords.
- confidence: 0 to 1, how sure you are that this is durable and reusable.

Reference skill
- DATA.retrieved_reference, when present, is the user's closest existing skill. It is identity context, never evidence. If the user's new rules refine that same capability, reuse its exact name and title so the skill is updated instead of duplicated; otherwise name the new capability on its own. If the gates above fail, return no skill whatever the similarity.

Reply with JSON only, no prose and no code fences:
{"skills": [{"name": "...", "title": "...", "description": "...", "instructions": "# Goal\\n...\\n\\n# Constraints & Style\\n- ...", "triggers": ["..."], "tags": ["..."], "confidence": 0.7, "applies_to_every_answer": false}]}
Use {"skills": []} when there is nothing durable to learn.`;

/** The DATA payload sent as the user message: the window, a user-only digest, and the reference. */
export function buildExtractionPayload(input: {
  messages: ChatMessage[];
  events: ExperienceEvent[];
  hint?: string;
  reference?: SkillReference;
}): Record<string, unknown> {
  const userTurns = input.messages
    .filter((message) => message.role === 'user')
    .map(messageText)
    .filter(Boolean);
  const conversation = [
    ...input.messages.map((message) => `[${message.role}] ${messageText(message)}`),
    ...input.events.map((event) => `[event] ${safeJson(event)}`),
  ];
  return {
    primary_user_questions: userTurns.length > 0 ? userTurns.join('\n\n') : '(none)',
    full_conversation: conversation.length > 0 ? conversation.join('\n\n') : '(empty)',
    events: input.events,
    max_candidates: 1,
    hint: input.hint ?? null,
    retrieved_reference: input.reference
      ? {
          id: input.reference.id,
          name: input.reference.name,
          title: input.reference.title,
          description: input.reference.description,
          instructions: input.reference.instructions.slice(0, 4000),
          triggers: input.reference.triggers.slice(0, 20),
          tags: input.reference.tags,
        }
      : null,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
