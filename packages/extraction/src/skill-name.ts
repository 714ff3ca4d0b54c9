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

/** Toneless pinyin of a run of Han characters, two characters a word. */
function pairs(run: string): string[] {
  const syllables = pinyin(run, { toneType: 'none', type: 'array', v: true });
  const words: string[] = [];
  for (let index = 0; index < syllables.length; index += 2)
    words.push(syllables.slice(index, index + 2).join(''));
  return words;
}
