import { describe, expect, it } from 'vitest';
import { firstRequest } from './replay-group';

describe('the session request asked again', () => {
  it('skips greetings and questions about the assistant itself', () => {
    expect(firstRequest(['你好', '你叫什么名字', '帮我写一个关于大模型自进化的政府报告。'])).toBe(
      '帮我写一个关于大模型自进化的政府报告。',
    );
    expect(firstRequest(['Hello!', "What's your name?", 'Write a release note'])).toBe(
      'Write a release note',
    );
  });

  it('keeps a real question and falls back to the first turn when all are small talk', () => {
    expect(firstRequest(['你叫什么名字的由来是什么', '写报告'])).toBe('你叫什么名字的由来是什么');
    expect(firstRequest(['你好', '你好'])).toBe('你好');
  });
});
