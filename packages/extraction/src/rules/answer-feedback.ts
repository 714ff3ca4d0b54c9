import { normalizeClause, stripLeadIn } from './classify-clause';

// Feedback on the answer just given, phrased without cue words like 不要 / always / never:
// it asks to change the answer's form, style, length, language, structure or rigour.
const ZH_FEEDBACK = [
  // 写得具体一些 / 说的简单点 / 再详细些
  /^(?:再|更)?(?:写|说|讲|表达|分析|解释)?(?:得|的)?(?:更|再)?.{0,6}(?:一些|一点|些|点儿?)(?:[，。,.!！]|$)/,
  /(?:具体|详细|详尽|简洁|简短|简练|精炼|深入|犀利|通俗|专业|正式|口语化?|生动|严谨|准确|清楚|清晰|全面|客观|有条理|有深度)(?:一些|一点|些|点)/,
  // 使用word格式 / 用表格 / 改成markdown / 换成英文
  /^(?:请)?(?:使用|用|改用|换成|换用|改成|转成|转换成|输出为?|做成|整理成)\S{0,16}(?:格式|形式|风格|语气|语言|表格|列表|清单|要点|markdown|word|pdf|ppt|excel|英文|中文|大白话|白话)/i,
  // 考虑… / 要有自己的见解 / 注意… / 突出…
  /^(?:要|需要|应该|应当|还要|也要)?(?:考虑|注意|兼顾|突出|强调|体现|结合|围绕|聚焦|侧重|区分)/,
  /^(?:要|需要|应该)有/,
  // 加责任分工和量化指标 / 补充案例 / 增加数据来源
  /^(?:再|多|也)?(?:加|增加|添加|补充|加上|加入|补上|补全|附上|列出|给出|标注|注明)(?!油)/,
  // 太长了 / 过于笼统 / 不够具体 / 缺少数据
  /(?:太|过于|有点|有些)(?:长|短|空|泛|啰嗦|简单|复杂|笼统|学术|生硬|官方|口语|随意)/,
  /(?:不够|缺少|缺乏|没有)(?:具体|详细|深入|数据|案例|依据|来源|逻辑|重点|结构|条理|见解)/,
];
const POINTS_AT_MATERIAL =
  /以下|下面|如下|上述|这段|这篇|该文|\b(?:the following|below|above|this text|this draft|this version)\b/;
const EN_FEEDBACK = [
  /^(?:make|keep) (?:it|this|them|the (?:answer|report|text|reply))\s+(?:a bit |much |even )?(?:more|less|shorter|longer|simpler|clearer|tighter|punchier|friendlier|formal|informal|concise|specific|detailed)\b/,
  /^(?:be|sound) (?:more|less)\b/,
  /^(?:shorter|longer|simpler|more concise|more detailed|more specific|less formal|more formal)\b/,
  /^(?:too|way too|a bit too) (?:long|short|vague|verbose|technical|formal|informal|wordy|generic|shallow)\b/,
  /^(?:it's|it is|this is|that's|that is) (?:too|not) (?:long|short|vague|verbose|technical|formal|specific|detailed|clear|concise)\b/,
  /^(?:use|switch to|format (?:it |this )?as|put (?:it|this) in|give (?:it|this) as) (?:a |an )?(?:table|tables|bullet|bullets|bullet points|markdown|word|plain english|plain language|headings|numbered list)\b/,
  /^(?:add|include) (?:more |the |a |an )?(?:sources?|citations?|references?|examples?|numbers|data|metrics|kpis?|owners?|responsibilit(?:y|ies)|timelines?|a summary|an executive summary|a conclusion)\b/,
];

/**
 * True when a user clause that follows an assistant answer asks to change how that answer is
 * made. Such feedback is the strongest signal there is: it generalises to that kind of task.
 * One-off content changes ("replace Tom with Anna", "about 1000 words") do not match.
 */
export function isAnswerFeedback(clause: string): boolean {
  const text = stripLeadIn(normalizeClause(clause));
  if (!text || /[?？]$/.test(text)) return false;
  // "结合以下项目介绍进行修改", "use the text below": about material given for this answer only.
  if (POINTS_AT_MATERIAL.test(text)) return false;
  if (/\p{Script=Han}/u.test(text)) return ZH_FEEDBACK.some((pattern) => pattern.test(text));
  return EN_FEEDBACK.some((pattern) => pattern.test(text));
}
