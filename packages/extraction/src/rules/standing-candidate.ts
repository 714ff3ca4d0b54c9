import { MAX_DESCRIPTION_LENGTH, type SkillCandidate } from '@autoskill/core';
import { stripLeadIn } from './classify-clause';
import { deidentifyText } from './deidentify-text';
import { capitalize, topKeywords } from './describe-task';

/** The one skill that holds a user's standing preferences; later ones merge into it. */
export const STANDING_PREFERENCES_NAME = 'answer-preferences';

/** A standing preference as a candidate: applied to every answer, whatever the task. */
export function buildStandingCandidate(rules: string[], chinese: boolean): SkillCandidate {
  const bullets = rules.map((rule) => asSentence(rule, chinese));
  const summary = bullets
    .slice(0, 3)
    .map((rule) => rule.replace(/[.。]$/, ''))
    .map((rule) => (chinese ? rule : rule.charAt(0).toLowerCase() + rule.slice(1)))
    .join(chinese ? '；' : '; ');
  const description = (
    chinese
      ? `用户对所有回答的固定偏好：${summary}。每次回答都适用，无论什么任务。`
      : `The user's standing preferences for every answer: ${summary}. Apply them to every answer, whatever the task.`
  ).slice(0, MAX_DESCRIPTION_LENGTH);
  return {
    name: STANDING_PREFERENCES_NAME,
    title: chinese ? '回答偏好' : 'Answer preferences',
    description,
    instructions: [
      chinese
        ? '# Goal\n每次回答都遵守下列偏好，无论什么任务。'
        : '# Goal\nApply these preferences to every answer, whatever the task.',
      `# Constraints & Style\n${bullets.map((rule) => `- ${rule}`).join('\n')}`,
    ].join('\n\n'),
    triggers: [],
    tags: ['preferences', ...topKeywords(rules.join(' '), 4)].slice(0, 5),
    examples: [],
    confidence: 0.65,
    appliesTo: 'every-answer',
  };
}

function asSentence(rule: string, chinese: boolean): string {
  const text = deidentifyText(stripLeadIn(rule)).replace(/\s+/g, ' ').trim();
  if (chinese || /\p{Script=Han}/u.test(text))
    return /[。！？.!?]$/.test(text) ? text : `${text}。`;
  const sentence = capitalize(text.replace(/[,;:]+$/, ''));
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}
