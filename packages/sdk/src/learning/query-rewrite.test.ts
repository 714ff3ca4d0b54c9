import type { ChatMessage } from '@autoskill/core';
import { MockLanguageModel } from '@autoskill/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { useOfflineClient } from '../test-support/offline-client';
import { judgeRewrite, shouldRewrite } from './query-rewrite';

const SEARCH_PROMPT = /search query/i;

let model: MockLanguageModel;
let rewriteAnswer: string;
beforeEach(() => {
  rewriteAnswer = 'quarterly sales report';
  model = new MockLanguageModel({
    provider: 'scripted',
    responses: ({ options }) => (SEARCH_PROMPT.test(options.system ?? '') ? rewriteAnswer : 'ok'),
  });
});
const offline = useOfflineClient('rewrite', () => ({ llm: model }));

const rewriteCalls = () =>
  model.calls.filter((call) => SEARCH_PROMPT.test(call.system ?? '')).length;
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

describe('query rewrite before retrieval', () => {
  it('is auto by default and never calls the model for a system prompt and one request', async () => {
    const { trace } = await offline.client.prepareTurn({
      userId: 'u1',
      messages: [{ role: 'system', content: 'You are a helpful assistant.' }, user('Explain DNS.')],
    });
    expect(trace.rewriteMode).toBe('auto');
    expect(rewriteCalls()).toBe(0);
    expect(trace.searchQuery).toBe('Explain DNS.');
  });

  it('in auto mode rewrites a follow-up that leans on earlier turns, not a self-contained request', async () => {
    const history = [
      { role: 'system' as const, content: 'Be brief.' },
      user('Write the quarterly sales report for the board.'),
      assistant('Here is the quarterly sales report…'),
    ];
    const selfContained = await offline.client.prepareTurn({
      userId: 'u1',
      messages: [
        ...history,
        user('Now draft a completely new onboarding guide for engineers joining us'),
      ],
    });
    expect(selfContained.trace.rewrittenQuery).toBeNull();
    expect(rewriteCalls()).toBe(0);
    const followUp = await offline.client.prepareTurn({
      userId: 'u1',
      messages: [...history, user('Make it shorter.')],
    });
    expect(rewriteCalls()).toBe(1);
    expect(followUp.trace.rewrittenQuery).toBe('quarterly sales report');
    expect(followUp.trace.searchQuery).toBe('quarterly sales report');
  });

  it('discards a rewrite that is not a search query, searches the original and says why', async () => {
    rewriteAnswer = 'plain answer, no skills';
    const { trace } = await offline.client.prepareTurn({
      userId: 'u1',
      messages: [
        user('Write the quarterly sales report.'),
        assistant('Done.'),
        user('Make it shorter.'),
      ],
    });
    expect(rewriteCalls()).toBe(1);
    expect(trace.rewrittenQuery).toBeNull();
    expect(trace.searchQuery).toBe('Make it shorter.');
    expect(trace.rewriteDiscarded).toMatch(/is not a search query; searched the original query/);
  });
});

describe('shouldRewrite and judgeRewrite', () => {
  const history = [user('写一份关于自进化智能体的政府报告'), assistant('好的，报告如下……')];

  it('decides from the mode, the history and the shape of the request', () => {
    expect(shouldRewrite('always', 'Explain DNS.', [])).toBe(false);
    expect(shouldRewrite('always', 'Explain DNS in depth please.', history)).toBe(true);
    expect(shouldRewrite('never', 'Make it shorter.', history)).toBe(false);
    expect(shouldRewrite('auto', '再详细一些', history)).toBe(true);
    expect(shouldRewrite('auto', 'Do the same for the marketing plan.', history)).toBe(true);
  });

  it('keeps queries about the conversation and drops replies, remarks and unrelated text', () => {
    expect(judgeRewrite('自进化智能体 政府报告 详细', '再详细一些', history)).toEqual({
      query: '自进化智能体 政府报告 详细',
    });
    expect(judgeRewrite('OKR template', 'OKR template please', [])).toEqual({
      query: 'OKR template',
    });
    for (const bad of [
      'Sure! Here is the query',
      'no skills needed',
      'line one\nline two',
      '',
      'banana smoothie recipe',
    ])
      expect(judgeRewrite(bad, 'Make it shorter.', history)).toHaveProperty('discarded');
  });
});
