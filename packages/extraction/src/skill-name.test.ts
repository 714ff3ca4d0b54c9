import { isValidSkillName } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { skillNameFromTitle } from './skill-name';

describe('skillNameFromTitle', () => {
  it('names Chinese skills in readable pinyin and Latin ones as slugs, always spec-valid', () => {
    expect(skillNameFromTitle('政府报告写作')).toBe('zhengfu-baogao-xiezuo');
    expect(skillNameFromTitle('转成Word格式')).toBe('zhuancheng-word-geshi');
    expect(skillNameFromTitle('回答偏好')).toBe('huida-pianhao');
    expect(skillNameFromTitle('公众号写作')).toBe('gongzhonghao-xiezuo');
    expect(skillNameFromTitle('Report writing')).toBe('report-writing');
    const long = skillNameFromTitle(
      '关于人工智能在政府公文写作中的应用与风险评估的详细技术方案和实施计划',
    );
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long.endsWith('-')).toBe(false);
    for (const title of ['政府报告写作', '转成Word格式', '！？', 'Ünïcödé tïtlé', long])
      expect(isValidSkillName(skillNameFromTitle(title)), title).toBe(true);
  });
});
