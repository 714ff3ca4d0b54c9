/**
 * Deterministic reading of one user clause: is it a durable rule (preference, correction,
 * constraint, hard limit), a revocation of one, a task request, or neither? English and Chinese.
 */
export type ClauseKind = 'rule' | 'revocation' | 'task' | 'other';

const LEAD_IN =
  /^(?:(?:please|pls|kindly|also|and|but|so|then|ok|okay|oh|btw|actually|no(?=\s*[,.!])|nope|sorry|wait|hmm|well|again|plus|additionally|one more thing|note|remember|important|rule|reminder|feedback|correction|from now on|going forward|from here on|in (?:the )?future|next time|and also|as a rule)\b[\s,.:;!-]*)+/i;
const ZH_LEAD_IN =
  /^(?:你好|您好|嗨|哈喽|另外|还有|而且|并且|请你|请|记住|注意|补充一下|补充|对了|好的|好|不对|不是)[\s,，:：、。！]*/;

// Phrases that make a clause a standing rule wherever they appear.
const DURABLE_MARKERS = [
  /\bfrom now on\b/,
  /(?:^|[,;:]\s*)(?:always|never)\s+\w/,
  /^(?:for|on|in|with|at|after|before) (?:every|each|all|any) [\w-]+/,
  /\bgoing forward\b/,
  /\bfrom here on\b/,
  /\bin (?:the )?future\b/,
  /\bevery time\b/,
  /\beach time\b/,
  /\bwhenever\b/,
  /\bnext time\b/,
  /\bas a rule\b/,
  /\bwithout exception\b/,
  /\bat all times\b/,
  /\bmake sure\b/,
  /\bbe sure to\b/,
  /\bremember to\b/,
  /\b(?:don't|do not) forget to\b/,
  /\bensure\b/,
  /\bmandatory\b/,
  /\bnon-negotiable\b/,
  /\b(?:should|shall) (?:always|never|not)\b/,
  /\bi (?:always |really |would |'d )?(?:prefer|want you to|need you to|like you to|rather)\b/,
  /\bi (?:don't|do not) (?:want|like) (?:you to|any|to see|it when)\b/,
  /\byou (?:always|never|keep)\b/,
  /\b(?:must|mustn't)\b/,
];
// Start-of-clause imperatives that are rules by themselves.
const RULE_OPENERS =
  /^(?:always|never|don't|do not|dont|avoid|stop|refrain from|no more|only ever|must|mustn't|must not)\b/;
// Imperative verbs that set policy when the clause also says every/each, an order, or a style.
const POLICY_VERBS =
  /^(?:cite|use|include|add|keep|label|mark|reference|source|check|verify|double-check|validate|run|record|log|sign|quote|state|mention|attach|start|begin|end|answer|respond|reply|write|format|spell|follow|put|provide|number|date|calibrate|measure|wash|store|document|test|prefer|stick to|limit|cap|name|title|structure|explain|show|give)\b/;
const QUANTIFIER = /\b(?:every|each)\b/;
// A request for one thing ("write a haiku", "give me an answer about…"), not a policy.
const ONE_OFF_REQUEST =
  /^(?:write|give|make|create|draft|compose|generate|tell|show|explain|provide|prepare|answer)\s+(?:me\s+|us\s+)?(?:a|an|one|two|three|\d+|some|the|this|my)\b/;
const ORDERING = /\b(?:before|after|prior to|first|followed by)\b/;
const STYLE_OBJECT =
  /\b(?:british|american|spelling|tone|style|format(?:ting)?|language|english|chinese|markdown|bullets?|bullet points|headings?|tables?|units?|metric|si units|sources?|citations?|references?|footnotes?|(?:active|passive) voice|(?:first|second|third) person|plain language|formal|informal|concise|jargon|emojis?|type hints|comments|docstrings|sentence case|title case|date format|iso dates?|timezone)\b/;
const GENERIC_OBJECT =
  /\b(?:answers|responses|replies|outputs|reports|emails|summaries|messages|commit messages|commits|documents|docs|functions|variable names|slides|titles|paragraphs|code)\b/;
const DEICTIC = /\b(?:this|these|that|those|it|above|the following|here)\b/;
// Hard limits: a comparator followed by a number ("never exceed 37 °C", "no more than 3 retries").
const LIMIT =
  /(?:\bexceed(?:ing)?|\bno more than|\bno less than|\bnot more than|\bnot less than|\bat most|\bat least|\bmax(?:imum)?|\bmin(?:imum)?|\bbelow|\bunder|\babove|\bup to|\bwithin|\blimit(?:ed)? to|≤|≥|<=|>=)\s*[^\d\n]{0,16}\d/;
const PHYSICAL_UNIT =
  /\d\s*(?:°\s*[cf]?|℃|℉|degrees?|%|percent|ms|s\b|sec(?:ond)?s?|min(?:ute)?s?|h\b|hours?|days?|mg|g\b|kg|µl|ul|ml|l\b|mm|cm|m\b|km|rpm|v\b|volts?|ma\b|psi|bar|kpa|mmol|mol|ppm|x\s*g)/;
// "when"/"if" clauses without a question mark are conditional instructions, not questions.
const QUESTION_OPENER =
  /^(?:what|who|whom|whose|where|why|how|which|is|are|was|were|do|does|did|have|has|had|may|might|should|shall|am)\b/;
const POLITE_REQUEST = /^(?:can|could|would|will) you (?:please )?/;
// Clauses the user states about themselves ("I have never been to Paris") are not rules.
const NARRATIVE =
  /\b(?:i|he|she|they|it|there|my \w+|his|her)\s+(?:have |has |had |'ve |was |were |am |is )?(?:never|always|must)\b/;

const REQUEST_OPENER =
  /^(?:write|draft|create|make|generate|compose|prepare|produce|summari[sz]e|translate|rewrite|edit|proofread|review|analy[sz]e|build|design|plan|implement|code|fix|debug|refactor|explain|describe|outline|list|give|find|calculate|compute|convert|tell|show|help|brainstorm|suggest|recommend|run|set up|deploy|release|ship|test|measure|do|organi[sz]e|schedule|send|turn|polish|improve|update|answer)\b/;
const REQUEST_PREFIX =
  /^(?:(?:please|pls|kindly|can you|could you|would you|will you|i need you to|i want you to|i'd like you to|i would like you to|help me(?: to)?|now|ok|okay|so|next|then|hi|hey|hello)\b[\s,]*)+/;
const NEED_REQUEST = /^(?:i need|i want|i'd like|i would like)\s+(?:a|an|some|to|help)\b/;

const ZH_RULE =
  /务必|不要|不用(?!谢|客气|了|再|担心|急)|禁止|必须|每次|每一次|每当|(?:^|从今)以后|以后(?:都|请|要|一律|所有|每|回答|写)|今后|往后|一定要|不得|不能|不可以|不可|不准|不许|切勿|请勿|严禁|千万|永远|总是|始终|一律|统一|记得|记住|确保|保证|别再|别用|别忘|下次(?:请|要|记得|别|不要|都)|之前先|前先|之后再|(?:不超过|超过|最多|至少|不低于|不高于|不少于|不多于|低于|高于)\s*[\d一二三四五六七八九十两百千]/;
const ZH_REVOCATION =
  /(?:不再需要|不用再|无需再|不必再|不需要再|可以不用|取消.{0,12}(?:要求|规则))/;
// "先写一份报告", "你帮我写", "接下来翻译": a sequencing word or "you" may come before the verb.
const ZH_REQUEST =
  /^(?:先|现在|接下来|那就|你|您)?(?:请你?|帮我|帮忙|麻烦你?|给我|我想要?|我需要|能不能|能否|可以帮|你能)|^(?:先|现在|接下来|那就)?(?:写|撰写|起草|翻译|总结|生成|设计|分析|整理|解释|列出|做|制定|润色|改写|拟|取一个|起一个)|^把.{1,24}(?:整理|改|写|翻译|做|转|生成|总结|润色)/;
const ZH_QUESTION = /[？?]$|[吗呢嘛]$|(?:是什么|为什么|怎么样|哪里|哪儿|多少|几点|谁)/;

const REVOCATION =
  /\b(?:no longer (?:need|have) to|(?:don't|do not) need to|no need to|needn't|(?:is|are) no longer (?:required|needed|necessary)|can (?:stop|skip|drop)|stop requiring|forget the rule)\b/;

const HAN = /\p{Script=Han}/u;

/** Lowercases, unifies apostrophes and drops leading filler ("please", "also", "from now on,"). */
export function normalizeClause(clause: string): string {
  return clause
    .normalize('NFKC')
    .replace(/[‘’`´]/g, "'")
    .toLowerCase()
    .trim();
}

/** The clause without filler words at the start, original casing kept. */
export function stripLeadIn(clause: string): string {
  let text = clause.trim();
  for (let round = 0; round < 3; round++) {
    const next = text.replace(LEAD_IN, '').replace(ZH_LEAD_IN, '').trim();
    if (next === text) break;
    text = next;
  }
  return text;
}

/** Classifies one clause of user text. */
export function classifyClause(clause: string): ClauseKind {
  const text = normalizeClause(clause);
  if (!/[\p{L}\p{N}]/u.test(text)) return 'other';
  if (HAN.test(text)) return classifyChinese(text);
  if (REVOCATION.test(text)) return 'revocation';
  if (isEnglishRule(text)) return 'rule';
  if (isEnglishRequest(text)) return 'task';
  return 'other';
}

function classifyChinese(text: string): ClauseKind {
  if (ZH_REVOCATION.test(text)) return 'revocation';
  const question = ZH_QUESTION.test(text);
  if (!question && ZH_RULE.test(text)) return 'rule';
  if (!question && isEnglishRule(text)) return 'rule';
  if (ZH_REQUEST.test(stripLeadIn(text))) return 'task';
  return 'other';
}

// "For reports like this: do not …", "In lab protocols, never …", "When writing emails - always …":
// a scope phrase followed by a rule is a rule about that scope.
const SCOPE_PREFIX =
  /^(?:for|in|with|on|when(?: writing| doing| drafting)?|whenever)\s+[^:;,—–-]{1,60}[:,—–-]\s*(.+)$/;

function isEnglishRule(text: string): boolean {
  const scoped = SCOPE_PREFIX.exec(stripLeadIn(text).toLowerCase());
  if (scoped?.[1] && isEnglishRuleBody(scoped[1])) return true;
  return isEnglishRuleBody(text);
}

function isEnglishRuleBody(text: string): boolean {
  let body = stripLeadIn(text).toLowerCase();
  const polite = POLITE_REQUEST.exec(body);
  if (polite) body = body.slice(polite[0].length);
  else if (text.endsWith('?') || (QUESTION_OPENER.test(body) && !RULE_OPENERS.test(body)))
    return false;
  if (NARRATIVE.test(body) && !/\b(?:want|need|like) you\b/.test(body)) return false;
  if (DURABLE_MARKERS.some((marker) => marker.test(text))) return true;
  if (RULE_OPENERS.test(body)) return true;
  // "Store at 4 °C and never freeze" — an imperative followed by a conjoined always/never.
  if (
    !/^(?:i|he|she|they|it|we|my|his|her|their|our)\b/.test(body) &&
    /\b(?:and|but|or|then)\s+(?:always|never)\s+\w/.test(body)
  )
    return true;
  // "No tables." / "No emojis in commit messages." — short prohibitions.
  if (
    /^no (?!thanks|thank|problem|worries|idea|way|one\b|need\b|longer\b)[a-z]/.test(body) &&
    body.split(/\s+/).length <= 6
  )
    return true;
  if (isHardLimit(body)) return true;
  if (POLICY_VERBS.test(body)) {
    if (QUANTIFIER.test(body)) return true;
    // "Write a haiku about spring without emojis": one request with its own parameters.
    if (ONE_OFF_REQUEST.test(body)) return false;
    const deictic = DEICTIC.test(body);
    if (!deictic && ORDERING.test(body) && /\b(?:step|stage|phase|sop|before|after)\b/.test(body))
      return true;
    if (!deictic && (STYLE_OBJECT.test(body) || GENERIC_OBJECT.test(body))) return true;
  }
  return false;
}

function isHardLimit(body: string): boolean {
  if (!LIMIT.test(body)) return false;
  if (PHYSICAL_UNIT.test(body)) return true;
  // Length limits are rules only when they are about answers in general, not about "this".
  return !DEICTIC.test(body) && (GENERIC_OBJECT.test(body) || /^keep\b/.test(body));
}

function isEnglishRequest(text: string): boolean {
  const body = text.replace(REQUEST_PREFIX, '');
  return REQUEST_OPENER.test(body) || NEED_REQUEST.test(body);
}

/** True when the clause is a question rather than an instruction. */
export function isQuestion(clause: string): boolean {
  const text = normalizeClause(clause);
  if (HAN.test(text)) return ZH_QUESTION.test(text);
  return text.endsWith('?') && !POLITE_REQUEST.test(stripLeadIn(text));
}

/** For a revocation ("you no longer need to cite every number"), the rule it revokes. */
export function revokedRuleOf(clause: string): string | undefined {
  const text = normalizeClause(clause).replace(/[.!。！]+$/, '');
  const after =
    /(?:no longer (?:need|have) to|(?:don't|do not) need to|no need to|needn't|can (?:stop|skip|drop)|stop requiring|不再需要|不用再|无需再|不必再|不需要再|可以不用)\s*(.+)$/.exec(
      text,
    );
  if (after?.[1])
    return (
      after[1]
        .replace(/\s+any ?more$/, '')
        .replace(/了$/, '')
        .trim() || undefined
    );
  const before = /^(.+?)\s+(?:is|are) no longer (?:required|needed|necessary)/.exec(
    stripLeadIn(text),
  );
  return before?.[1]?.trim() || undefined;
}
