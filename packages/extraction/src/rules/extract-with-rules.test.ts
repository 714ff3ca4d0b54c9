import type { ChatMessage } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { createSkillExtractor } from '../create-skill-extractor';
import type { SkillReference } from '../extraction-types';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
const extractor = createSkillExtractor();

function referenceFrom(candidate: {
  name: string;
  title?: string;
  description: string;
  instructions: string;
  tags: string[];
  triggers: string[];
}): SkillReference {
  return {
    id: '5d1a3c1e-7f0b-4c44-9a3e-2b7b0c8d9e10',
    ...candidate,
    title: candidate.title ?? candidate.name,
  };
}

describe('offline rules: the report scenario', () => {
  it('1. a generic one-off request yields nothing', async () => {
    const result = await extractor.extract({
      messages: [user('Write a report about self-evolving agents')],
    });
    expect(result).toMatchObject({ mode: 'rules' });
    expect(result.candidate).toBeUndefined();
    expect(result.reason).toMatch(/one-off/);
  });

  it('2. durable constraints yield one candidate built from the user words', async () => {
    const result = await extractor.extract({
      messages: [
        user('Write a report about self-evolving agents'),
        assistant('Here is the report. I always use five sections and a SWOT table.'),
        user('do not hallucinate; cite every number'),
      ],
    });
    const candidate = result.candidate!;
    expect(candidate.name).toBe('report-writing');
    expect(candidate.title).toBe('Report writing');
    expect(candidate.instructions).toBe(
      '# Goal\nWrite a report, following the rules below every time.\n\n# Constraints & Style\n- Do not hallucinate.\n- Cite every number.',
    );
    // The request's topic is no rule: it stays only a trigger of the skill.
    expect(candidate.triggers).toContain('write a report about self-evolving agents');
    expect(candidate.instructions).not.toMatch(/SWOT|five sections/);
    expect(candidate.triggers).toContain('write a report');
    expect(candidate.tags).toContain('report');
    expect(candidate.confidence).toBeGreaterThanOrEqual(0.5);
    expect(candidate.confidence).toBeLessThanOrEqual(0.7);
  });

  it('3. later feedback on the same task reuses the reference name so maintenance merges', async () => {
    const first = await extractor.extract({
      messages: [
        user('Write a report about self-evolving agents'),
        assistant('…'),
        user('do not hallucinate; cite every number'),
      ],
    });
    const reference = referenceFrom(first.candidate!);
    const feedback = await extractor.extract({
      messages: [
        assistant('Here is the revised report.'),
        user('Also, use British spelling and put the summary at the top of each report.'),
      ],
      reference,
    });
    expect(feedback.candidate!.name).toBe('report-writing');
    expect(feedback.candidate!.title).toBe('Report writing');
    expect(feedback.candidate!.instructions).toContain(
      '- Use British spelling and put the summary at the top of each report.',
    );
  });

  it('keeps its own name when the new rules are about a different task', async () => {
    const reference = referenceFrom({
      name: 'report-writing',
      title: 'Report writing',
      description: 'Report writing following the user rules.',
      instructions: '# Goal\nWrite reports.',
      tags: ['report'],
      triggers: ['write a report'],
    });
    const result = await extractor.extract({
      messages: [user('Draft an email to a customer about the outage. Never promise a date.')],
      reference,
    });
    expect(result.candidate!.name).toBe('email-drafting');
  });

  it('the next similar task alone yields nothing (retrieval, not learning)', async () => {
    const result = await extractor.extract({
      messages: [user('write a government report about a self-evolving agent')],
    });
    expect(result.candidate).toBeUndefined();
  });
});

describe('offline rules: the science scenario', () => {
  it('turns hard limits and mandatory SOP steps into rules and a workflow', async () => {
    const result = await extractor.extract({
      messages: [
        user(
          "Help me plan today's cell-culture experiment.\nNever exceed 37 °C. Always run the calibration step before measuring.\nProtocol:\n1. Thaw the cells\n2. Calibrate the incubator\n3. Seed the plates\n4. Measure confluence",
        ),
      ],
    });
    const candidate = result.candidate!;
    expect(candidate.instructions).toContain('- Never exceed 37 °C.');
    expect(candidate.instructions).toContain('- Always run the calibration step before measuring.');
    expect(candidate.instructions).toContain(
      '# Workflow\n1. Thaw the cells\n2. Calibrate the incubator\n3. Seed the plates\n4. Measure confluence',
    );
    expect(candidate.tags).toContain('lab');
    expect(result.reason).toBe('user stated 2 rules, 4 workflow steps');
  });

  it('reads "use SOP step 3 before step 4" as a rule', async () => {
    const { candidate } = await extractor.extract({
      messages: [user('Use SOP step 3 before step 4.')],
    });
    expect(candidate!.instructions).toContain('- Use SOP step 3 before step 4.');
  });

  it('builds the standard release process from the README example', async () => {
    const { candidate } = await extractor.extract({
      messages: [user('Before each release: run regression -> canary -> monitor -> full rollout.')],
    });
    expect(candidate).toMatchObject({
      name: 'standard-release-process',
      title: 'Standard release process',
    });
    expect(candidate!.instructions).toContain(
      '# Workflow\n1. Run regression\n2. Canary\n3. Monitor\n4. Full rollout',
    );
    expect(candidate!.triggers).toContain('before each release');
  });
});

describe('offline rules: Chinese', () => {
  it('yields nothing for a one-off Chinese request and a candidate for 不要 / 务必', async () => {
    expect(
      (await extractor.extract({ messages: [user('帮我写一份关于自进化智能体的报告')] })).candidate,
    ).toBeUndefined();
    const { candidate } = await extractor.extract({
      messages: [
        user('帮我写一份关于自进化智能体的报告'),
        assistant('好的'),
        user('不要编造数据；务必标注每个数字的来源。'),
      ],
    });
    expect(candidate!.title).toBe('报告写作');
    expect(candidate!.instructions).toContain('- 不要编造数据。\n- 务必标注每个数字的来源。');
    expect(candidate!.description).toContain('报告写作');
    expect(candidate!.tags).toContain('报告');
    expect(candidate!.name).toMatch(/^[a-z0-9-]+$/);
  });

  it('reads 每次…前 with arrows as a workflow', async () => {
    const { candidate } = await extractor.extract({
      messages: [user('每次发布前：回归测试 -> 灰度发布 -> 监控 -> 全量上线')],
    });
    expect(candidate!.title).toBe('标准发布流程');
    expect(candidate!.instructions).toContain('1. 回归测试\n2. 灰度发布\n3. 监控\n4. 全量上线');
  });

  it('reads a hard limit in Chinese', async () => {
    const { candidate } = await extractor.extract({ messages: [user('实验温度不得超过37°C。')] });
    expect(candidate!.instructions).toContain('- 实验温度不得超过37°C。');
  });
});

describe('offline rules: evidence and boundaries', () => {
  it('never turns assistant text into a rule, even after "ok"', async () => {
    const result = await extractor.extract({
      messages: [
        user('Write a report about solar panels'),
        assistant('Always use five sections. Never exceed 2 pages.'),
        user('ok thanks'),
      ],
    });
    expect(result.candidate).toBeUndefined();
  });

  it('drops rules that belong to an earlier task once a new task starts', async () => {
    const result = await extractor.extract({
      messages: [
        user('Always cite your sources.'),
        assistant('Noted.'),
        user('Translate this to French'),
      ],
    });
    expect(result.candidate).toBeUndefined();
  });

  it('only reads the last maxWindowMessages messages', async () => {
    const small = createSkillExtractor({ maxWindowMessages: 2 });
    const messages = [user('Never use tables.'), assistant('ok'), user('Hello'), assistant('Hi!')];
    expect((await small.extract({ messages })).candidate).toBeUndefined();
    expect((await extractor.extract({ messages })).candidate).toBeDefined();
  });

  it('learns from user feedback carried by events, not from plain tool events', async () => {
    const withoutFeedback = await extractor.extract({
      events: [{ action: 'deploy', tool: 'kubectl', outcome: 'failed' }],
    });
    expect(withoutFeedback.candidate).toBeUndefined();
    const withFeedback = await extractor.extract({
      events: [
        {
          action: 'deploy service',
          tool: 'kubectl',
          outcome: 'failed',
          feedback: 'Always run the smoke test before deploying.',
        },
      ],
    });
    expect(withFeedback.candidate!.instructions).toContain(
      '- Always run the smoke test before deploying.',
    );
  });

  it('reads the hint as user evidence', async () => {
    const { candidate } = await extractor.extract({
      messages: [user('Write a memo')],
      hint: 'always sign memos with my initials',
    });
    expect(candidate!.instructions).toContain('- Always sign memos with my initials.');
  });

  it('returns a revocation only when there is an existing skill to update', async () => {
    const messages = [user('You no longer need to cite every number.')];
    expect((await extractor.extract({ messages })).candidate).toBeUndefined();
    const reference = referenceFrom({
      name: 'report-writing',
      title: 'Report writing',
      description: 'Report writing with cited numbers.',
      instructions: '# Goal\nWrite reports.\n\n# Constraints & Style\n- Cite every number.',
      tags: ['report'],
      triggers: ['write a report'],
    });
    const { candidate } = await extractor.extract({ messages, reference });
    expect(candidate!.name).toBe('report-writing');
    expect(candidate!.instructions).toContain('- You no longer need to cite every number.');
  });

  it('lets a later revocation cancel an earlier rule in the same window, and a later rule win back', async () => {
    const revoked = await extractor.extract({
      messages: [
        user('Write a report about agents'),
        user('do not hallucinate; cite every number'),
        user('You no longer need to cite every number.'),
      ],
    });
    expect(revoked.candidate!.instructions).toContain(
      '- Do not hallucinate.\n- You no longer need to cite every number.',
    );
    expect(revoked.candidate!.instructions).not.toContain('- Cite every number.');
    const restated = await extractor.extract({
      messages: [
        user('Write a report about agents'),
        user('You no longer need to cite every number.'),
        user('Actually, always cite every number.'),
      ],
    });
    expect(restated.candidate!.instructions).toContain('- Always cite every number.');
    expect(restated.candidate!.instructions).not.toContain('no longer');
  });

  it('de-identifies the rules it copies', async () => {
    const { candidate } = await extractor.extract({
      messages: [
        user('Always send the summary to jane.doe@example.com and cc Dr. Smith, ticket 123456789.'),
      ],
    });
    expect(candidate!.instructions).toContain('<EMAIL>');
    expect(candidate!.instructions).toContain('<PERSON>');
    expect(candidate!.instructions).not.toMatch(/jane|Smith|123456789/);
  });

  it('returns nothing for empty input and validates its arguments', async () => {
    expect((await extractor.extract({})).candidate).toBeUndefined();
    await expect(extractor.extract({ messages: 'hi' as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(() => createSkillExtractor({ maxWindowMessages: 0 })).toThrow(/maxWindowMessages/);
  });
});

describe('offline rules: short forms', () => {
  it('reads short prohibitions and corrections but not "no thanks"', async () => {
    expect(
      (await extractor.extract({ messages: [user('No tables.')] })).candidate?.instructions,
    ).toContain('- No tables.');
    expect(
      (await extractor.extract({ messages: [user('No, always answer in French.')] })).candidate
        ?.instructions,
    ).toContain('- Always answer in French.');
    expect(
      (await extractor.extract({ messages: [user('No thanks, that is all.')] })).candidate,
    ).toBeUndefined();
  });
});

describe('offline rules: pasted material', () => {
  it('does not learn rules from text the user pasted for the assistant to work on', async () => {
    const article =
      'Employees must always wear badges. Never share passwords. Every time you leave, lock the screen.';
    for (const content of [
      `Summarize this:\n${article}`,
      `Translate the following:\n\n${article}`,
      `Fix this code\n\`\`\`\n// always validate input\nnever(); // must not throw\n\`\`\``,
      `What does this mean?\n> You must always cite every number.`,
      `帮我翻译以下内容：\n${article}`,
    ]) {
      expect(
        (await extractor.extract({ messages: [user(content)] })).candidate,
        content,
      ).toBeUndefined();
    }
  });

  it('still reads rules stated before the material', async () => {
    const { candidate } = await extractor.extract({
      messages: [user('Always answer in French. Summarize this:\nNever share passwords.')],
    });
    expect(candidate!.instructions).toContain('- Always answer in French.');
    expect(candidate!.instructions).not.toContain('passwords');
  });
});

describe('offline rules: how real users phrase Chinese requests and feedback', () => {
  it('reads a request after a greeting or a sequencing word as the task', async () => {
    const { candidate } = await extractor.extract({
      messages: [
        user('你好，帮我写一个关于AutoSkill的公众号'),
        assistant('好的，以下是公众号文章……'),
        user('不要使用花哨的符号'),
      ],
    });
    expect(candidate!.title).toBe('公众号写作');
    expect(candidate!.name).toBe('gongzhonghao-xiezuo');
    expect(candidate!.triggers).toContain('写一个关于AutoSkill的公众号');
    const drafted = await extractor.extract({
      messages: [
        user('先写一份正式报告草案，主题是社区养老服务优化。'),
        assistant('《社区养老服务优化报告（草案）》……'),
        user('要求正式、克制、可执行，不用表格。'),
      ],
    });
    expect(drafted.candidate!.title).toBe('正式报告草案写作');
    // The goal names the kind of task; the topic of this one request is not a rule.
    expect(drafted.candidate!.instructions).toBe(
      '# Goal\n写正式报告草案，并始终遵守下列要求。\n\n# Constraints & Style\n- 要求正式、克制、可执行，不用表格。',
    );
  });

  it('reads 不用 as "do not use", but not 不用谢 or 不用再 (a revocation)', async () => {
    expect(
      (await extractor.extract({ messages: [user('不用表格，用列表。')] })).candidate?.instructions,
    ).toContain('- 不用表格，用列表。');
    expect((await extractor.extract({ messages: [user('不用谢，就这样吧。')] })).candidate).toBe(
      undefined,
    );
  });

  it('does not learn a pointer at pasted material, or the material, as a rule', async () => {
    const result = await extractor.extract({
      messages: [
        user('你好，帮我写一个关于AutoSkill的公众号'),
        assistant('好的……'),
        user(
          '请结合以下项目介绍进行修改\n# AutoSkill: 基于技能自进化的经验驱动终身学习\n不得虚构信息，必须采用政府公文表述规范。',
        ),
      ],
    });
    expect(result.candidate).toBeUndefined();
    // A line that announces the user's own rules is not material.
    const rules = await extractor.extract({
      messages: [user('请遵守以下规则\n- 每次都给出数据来源\n- 不要使用表格')],
    });
    expect(rules.candidate!.instructions).toContain('- 每次都给出数据来源。');
    expect(rules.candidate!.instructions).toContain('- 不要使用表格。');
  });
});
