import { describe, expect, it } from 'vitest';
import { extractWithRules } from './extract-with-rules';

/** A task, an answer, then the user's reply to that answer: what the offline rules learn. */
function afterAnswer(task: string, reply: string) {
  return extractWithRules(
    {
      messages: [
        { role: 'user', content: task },
        { role: 'assistant', content: 'Here it is: …' },
        { role: 'user', content: reply },
      ],
    },
    6,
  );
}

describe('feedback on the previous answer (issue 14, part 2)', () => {
  it('learns Chinese feedback phrased without cue words, as a rule of that kind of task', () => {
    const cases: Array<[string, string, string, string]> = [
      [
        '写一份关于自进化智能体的政府报告',
        '写的具体一些，问题犀利，要有自己的见解。',
        'zhengfu-baogao-xiezuo',
        '政府报告写作',
      ],
      [
        '帮我写一份项目实施方案',
        '加责任分工和量化指标。',
        'xiangmu-shishi-fangan-xiezuo',
        '项目实施方案写作',
      ],
      ['把这篇文章整理成会议纪要', '使用word格式', 'zhengli-huiyi-jiyao', '整理会议纪要'],
      [
        '写一篇介绍大模型的科普文章',
        '考虑技术前沿性的同时，要考虑大众可以理解的大白话',
        'kepu-wenzhang-xiezuo',
        '科普文章写作',
      ],
    ];
    for (const [task, reply, name, title] of cases) {
      const { candidate } = afterAnswer(task, reply);
      expect(candidate, reply).toMatchObject({ name, title });
      expect(candidate?.appliesTo, reply).toBeUndefined();
      expect(candidate?.instructions).toContain(reply.replace(/[。]$/, ''));
      expect(candidate?.description).toContain(`适用于：${title}。`);
    }
  });

  it('learns English feedback on form and length, and nothing from one-off content changes', () => {
    const { candidate } = afterAnswer(
      'Write a project update for the team.',
      'Make it shorter and use bullet points.',
    );
    expect(candidate).toMatchObject({ name: 'project-update-writing' });
    expect(candidate?.instructions).toContain('- Make it shorter and use bullet points.');
    for (const [task, reply] of [
      ['Write a story about a cat named Tom.', 'Replace Tom with Anna.'],
      ['写一篇关于春天的散文', '大约1000字'],
      ['Explain how DNS works.', 'What about DNSSEC?'],
      ['写一份周报', '谢谢'],
    ] as const)
      expect(afterAnswer(task, reply).candidate, reply).toBeUndefined();
  });

  it('needs an answer before it: the same words as a first message teach nothing', () => {
    const first = extractWithRules(
      { messages: [{ role: 'user', content: '加责任分工和量化指标。' }] },
      6,
    );
    expect(first.candidate).toBeUndefined();
  });
});
