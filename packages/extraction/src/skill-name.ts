import { isValidSkillName, MAX_SKILL_NAME_LENGTH, slugifySkillName } from '@autoskill/core';
import { pinyin } from 'pinyin-pro';

const HAN_RUN = /\p{Script=Han}+/gu;

/**
 * A readable Agent Skills name for a title in any script: Latin titles are slugified
 * ("Report writing" → `report-writing`); Chinese is written in toneless pinyin, two characters a
 * word ("政府报告写作" → `zhengfu-baogao-xiezuo`, "转成Word格式" → `zhuancheng-word-geshi`), so
 * the folder says what it holds instead of `skill-289711db`. The title keeps the original script.
 */
export function skillNameFromTitle(title: string): string {
  if (!/\p{Script=Han}/u.test(title)) return slugifySkillName(title);
  const romanised = title.replace(HAN_RUN, (run) => ` ${pairs(run).join(' ')} `);
  const name = slugifySkillName(romanised);
  if (!isValidSkillName(name) || name.length < 2) return slugifySkillName(title);
  return name.length <= MAX_SKILL_NAME_LENGTH
    ? name
    : name.slice(0, MAX_SKILL_NAME_LENGTH).replace(/-[^-]*$/, '');
}

// Words that end many titles ("公众号写作", "代码规范"): split off first, so the pairs before them
// fall on word boundaries ("gongzhonghao-xiezuo", not "gongzhong-haoxie-zuo").
const TITLE_SUFFIX = /(写作|规范|偏好|流程|格式|方案|报告|纪要|风格|规程|整理|翻译|总结)$/;
const THREE_CHARACTER_WORDS = /^(公众号|小红书|朋友圈|说明书|计划书|申请书|任务书|工作流)/;

/** Toneless pinyin of a run of Han characters, about two characters a word. */
function pairs(run: string): string[] {
  const suffix = run.length > 2 ? TITLE_SUFFIX.exec(run)?.[1] : undefined;
  if (suffix) return [...pairs(run.slice(0, -suffix.length)), ...syllablePairs(suffix)];
  const three = THREE_CHARACTER_WORDS.exec(run)?.[1];
  if (three && run.length > 3)
    return [...syllablePairs(three, 3), ...pairs(run.slice(three.length))];
  if (three) return syllablePairs(three, 3);
  return syllablePairs(run);
}

function syllablePairs(run: string, size = 2): string[] {
  const syllables = pinyin(run, { toneType: 'none', type: 'array', v: true });
  const words: string[] = [];
  for (let index = 0; index < syllables.length; index += size)
    words.push(syllables.slice(index, index + size).join(''));
  return words;
}
