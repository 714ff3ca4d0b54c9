import { contentTokens } from '@autoskill/core/internal';

interface Domain {
  pattern: RegExp;
  en: string;
  zh: string;
  tag: string;
  tagZh: string;
  /** Only chosen over the task's own title when the user gave explicit steps. */
  workflowOnly?: boolean;
}

// Ordered: the first match wins. Titles are the canonical names for common learned procedures.
const DOMAINS: Domain[] = [
  {
    pattern: /\b(?:release|releases|deploy\w*|go-live|rollout|roll out|ship it)\b|发布|上线|部署/i,
    en: 'Standard release process',
    zh: '标准发布流程',
    tag: 'release',
    tagZh: '发布',
    workflowOnly: true,
  },
  {
    pattern: /\b(?:postmortem|post-mortem|retrospective|incident review)\b|复盘/i,
    en: 'Postmortem with action items',
    zh: '事故复盘',
    tag: 'postmortem',
    tagZh: '复盘',
    workflowOnly: true,
  },
  {
    pattern:
      /\b(?:lab|laboratory|experiments?|assays?|protocols?|samples?|incubat\w*|calibrat\w*|reagents?|pipett\w*|centrifug\w*|cultures?|specimens?|measur\w*)\b|实验|样品|试剂|校准|培养/i,
    en: 'Lab protocol',
    zh: '实验操作规程',
    tag: 'lab',
    tagZh: '实验',
  },
  {
    pattern: /\breports?\b|报告/i,
    en: 'Report writing',
    zh: '报告写作',
    tag: 'report',
    tagZh: '报告',
  },
  {
    pattern: /\be-?mails?\b|邮件/i,
    en: 'Email writing',
    zh: '邮件写作',
    tag: 'email',
    tagZh: '邮件',
  },
  {
    pattern:
      /\b(?:code|coding|functions?|python|typescript|javascript|commits?|pull requests?|unit tests?|refactor\w*)\b|代码|编程/i,
    en: 'Coding conventions',
    zh: '代码规范',
    tag: 'coding',
    tagZh: '代码',
  },
  {
    pattern: /\btranslat\w*|翻译/i,
    en: 'Translation',
    zh: '翻译',
    tag: 'translation',
    tagZh: '翻译',
  },
  {
    pattern:
      /\b(?:answers?|respond|responses?|repl(?:y|ies)|language|english|tone|chinese)\b|回答|回复|语言|中文|英文/i,
    en: 'Answer style preferences',
    zh: '回答风格偏好',
    tag: 'style',
    tagZh: '回答风格',
  },
];

export interface TaskDescription {
  title: string;
  /** A short trigger such as "write a report". */
  shortTrigger?: string;
  tag?: string;
}

const GERUNDS: Record<string, string> = {
  plan: 'planning',
  run: 'running',
  set: 'setting',
  debug: 'debugging',
  ship: 'shipping',
};
const OBJECT_STOP =
  /^(?:about|on|for|of|to|in|into|with|from|that|which|who|regarding|using|by|at|as|so|and|where|when|based|because|while|before|after)$/i;
const DETERMINERS =
  /^(?:a|an|the|some|my|our|your|this|that|these|those|me|us|it|today's|tomorrow's|new|short|quick|brief)$/i;
const REQUEST_PREFIX =
  /^(?:(?:please|pls|kindly|can you|could you|would you|will you|i need you to|i want you to|i'd like you to|i would like you to|help me(?: to)?|now|ok|okay|so|next|then|hi|hey|hello)\b[\s,]*)+/i;
// "你好，先帮我写…": greeting, sequencing word and "please/help me" are not part of the task.
const ZH_REQUEST_PREFIX =
  /^(?:(?:你好|您好|嗨|哈喽)[\s,，!！。]*)?(?:先|现在|接下来|那就)?(?:你|您)?(?:请你?|帮我|帮忙|麻烦你?|给我|我想要?|我需要|能不能|能否|可以帮我|你能)?/;

/** Picks the domain of the evidence text, if any. */
export function detectDomain(text: string, options: { hasWorkflow: boolean }): Domain | undefined {
  return DOMAINS.find(
    (domain) => (!domain.workflowOnly || options.hasWorkflow) && domain.pattern.test(text),
  );
}

/** The task request without "please"/"can you"/"帮我". */
export function cleanTaskPhrase(task: string): string {
  return task
    .trim()
    .replace(REQUEST_PREFIX, '')
    .replace(ZH_REQUEST_PREFIX, '')
    .replace(/[?？.!。！]+$/, '')
    .trim();
}

/**
 * Titles a skill: a release/postmortem procedure gets its canonical title, an English task
 * "Write a report about X" becomes "Report writing", otherwise the domain or the keywords.
 */
export function describeTask(options: {
  task?: string;
  evidence: string;
  hasWorkflow: boolean;
  chinese: boolean;
}): TaskDescription {
  const domain = detectDomain(`${options.task ?? ''}\n${options.evidence}`, options);
  const tag = domain ? (options.chinese ? domain.tagZh : domain.tag) : undefined;
  if (domain?.workflowOnly)
    return { title: options.chinese ? domain.zh : domain.en, ...(tag ? { tag } : {}) };
  const fromTask = options.task
    ? options.chinese
      ? titleFromChineseTask(options.task)
      : titleFromEnglishTask(options.task)
    : undefined;
  if (fromTask) return { ...fromTask, ...(tag ? { tag } : {}) };
  if (domain) return { title: options.chinese ? domain.zh : domain.en, ...(tag ? { tag } : {}) };
  const keywords = topKeywords(options.evidence, 2).filter((word) => !/\p{Script=Han}/u.test(word));
  if (options.chinese || keywords.length === 0)
    return { title: options.chinese ? '用户偏好规范' : 'Personal preferences' };
  return { title: `${capitalize(keywords.join(' '))} rules` };
}

const ZH_TASK =
  /(撰写|起草|编写|写|拟|制作|制定|设计|生成|整理成?|总结|改写|润色|翻译|分析|评估|审核|检查|取|起)(?:一份|一篇|一个|一套|一段|一封|一下|个|份|篇|封)?(.+)$/;

/** "写一份关于X的政府报告" → "政府报告写作"; "把文章整理成会议纪要" → "整理会议纪要". */
function titleFromChineseTask(task: string): TaskDescription | undefined {
  const match = ZH_TASK.exec(cleanTaskPhrase(task));
  if (!match?.[1] || !match[2]) return undefined;
  const verb = match[1];
  // What is made: after the last 的 ("关于…的报告"), before any punctuation.
  const object = (match[2].split('的').at(-1) ?? '').replace(/[，。,.!！？?：:；;].*$/, '').trim();
  if (object.length < 2 || object.length > 12 || !/\p{Script=Han}/u.test(object)) return undefined;
  const title = /^(?:撰写|起草|编写|写|拟)$/.test(verb)
    ? `${object}写作`
    : verb.startsWith('整理')
      ? `整理${object}`
      : `${verb}${object}`;
  return { title, shortTrigger: `${verb}${object}` };
}

function titleFromEnglishTask(task: string): TaskDescription | undefined {
  const words = cleanTaskPhrase(task).split(/\s+/).filter(Boolean);
  const verb = words[0]?.toLowerCase();
  if (
    !verb ||
    !/^[a-z]+$/.test(verb) ||
    ['give', 'tell', 'show', 'help', 'find', 'do', 'list'].includes(verb)
  ) {
    return undefined;
  }
  const object: string[] = [];
  for (const word of words.slice(1)) {
    const bare = word.replace(/[^\p{L}\p{N}'-]/gu, '');
    if (OBJECT_STOP.test(bare) || /[,;:]$/.test(word)) {
      if (bare && !OBJECT_STOP.test(bare) && !DETERMINERS.test(bare)) object.push(bare);
      break;
    }
    if (!bare || DETERMINERS.test(bare)) continue;
    object.push(bare);
  }
  const head = object.slice(-2).join(' ').toLowerCase();
  if (!head || head.length < 3) return undefined;
  const gerund = GERUNDS[verb] ?? (/[^e]e$/.test(verb) ? `${verb.slice(0, -1)}ing` : `${verb}ing`);
  return { title: `${capitalize(head)} ${gerund}`, shortTrigger: `${verb} a ${head}` };
}

/** The most frequent content words (ties by first occurrence). */
export function topKeywords(text: string, count: number): string[] {
  const frequency = new Map<string, number>();
  const original = new Map<string, string>();
  for (const match of text.toLowerCase().matchAll(/[a-z][a-z0-9-]{2,}/g)) {
    const [token] = contentTokens(match[0]);
    if (!token || GENERIC_WORDS.has(match[0])) continue;
    frequency.set(token, (frequency.get(token) ?? 0) + 1);
    if (!original.has(token)) original.set(token, match[0]);
  }
  return [...frequency.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, count)
    .map(([token]) => original.get(token)!);
}

const GENERIC_WORDS = new Set([
  'always',
  'never',
  'every',
  'each',
  'time',
  'make',
  'sure',
  'please',
  'don',
  'not',
  'use',
  'now',
  'from',
  'write',
  'before',
  'after',
  'also',
  'must',
  'should',
  'want',
  'need',
  'like',
  'the',
  'and',
  'any',
  'all',
  'step',
  'steps',
  'today',
  'tomorrow',
  'exceed',
  'plan',
  'answer',
  'include',
  'add',
  'keep',
  'only',
  'instead',
  'again',
]);

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
