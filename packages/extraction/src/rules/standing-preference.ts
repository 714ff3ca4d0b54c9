import { stripLeadIn } from './classify-clause';

// What a rule about every answer talks about: answers themselves, or their form and language.
const ABOUT_ANSWERS =
  /\b(?:everything you|anything you|every (?:answer|reply|response|message|time you)|whenever you (?:state|say|answer|reply|respond|explain|mention|give|tell)|spelling|facts?|cite|citations?|sources?|metric units|answers?|answering|respond|responses?|reply|replies|talk to me|speak to me|write to me|emojis?|bullet(?: points?)?|tone|concise|brief|verbose|jargon|plain (?:language|english)|markdown|headings?|(?:in|use) (?:english|chinese|french|german|spanish|japanese))\b|回答|回复|答复|用中文|用英文|中文回|英文回|表情|语气|简洁|啰嗦|口语|大白话/i;

// A rule scoped to a kind of task ("when you write reports", "for emails", "写报告时") is a task
// skill, not a standing preference, even when it talks about form.
const TASK_SCOPE =
  /\b(?:when(?:ever)?|if)\s+(?:you\s+)?(?:are\s+)?(?:write|writing|draft|drafting|prepare|preparing|make|making|create|creating|review|reviewing|translate|translating|code|coding|plan|planning|summari[sz]e|summari[sz]ing)\b|^(?:for|in|on)\s+(?!(?:every|each|all|any)\b)(?:my\s+|the\s+|your\s+)?\w+|\b(?:reports?|emails?|e-mails?|code|commits?|slides?|essays?|papers?|articles?|documents?|proposals?|protocols?|summaries|stories|poems?|haikus?)\b|写(?:报告|邮件|代码|文章|论文|方案|总结|稿)|报告|邮件|代码|论文|方案|公文|文章/i;

/**
 * True for a rule meant for every answer ("always answer in bullet points and never use emojis",
 * "以后回答都用中文"): it is about answers or their form and names no kind of task.
 */
export function isStandingRule(rule: string): boolean {
  const text = stripLeadIn(rule);
  return ABOUT_ANSWERS.test(text) && !TASK_SCOPE.test(text);
}
