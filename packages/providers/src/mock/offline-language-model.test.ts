import { generateJson, renderSkillsContext, streamText } from '@autoskill/core';
import { describe, expect, it } from 'vitest';
import { createOfflineLanguageModel, offlineReply } from './offline-language-model';

describe('offline (mock) language model', () => {
  it('acknowledges the message and names the skills injected by renderSkillsContext', async () => {
    const skill = {
      id: 'u1/release',
      name: 'release-process',
      title: 'Standard release process',
      version: '0.1.2',
      description: 'How we ship',
      instructions: 'Run regression, then canary, then monitor, then the full rollout. '.repeat(3),
      tags: [],
      triggers: [],
    };
    const context = renderSkillsContext([skill] as never).text;
    expect(context).toContain('Standard release process');
    const model = createOfflineLanguageModel();
    const result = streamText({
      model,
      system: `You are helpful.\n\n${context}`,
      prompt: 'How do we release?',
    });
    const text = await result.text;
    expect(text).toBe(
      'Offline mode: no chat model is configured, so this is an automatic reply. You said: "How do we release?". Skills in context: Standard release process. Set an API key (for example OPENAI_API_KEY) or --llm-provider to get real answers.',
    );
    expect(model).toMatchObject({ provider: 'mock', modelId: 'offline' });
  });

  it('says when no skill was injected, and is deterministic', () => {
    const call = { messages: [{ role: 'user', content: 'hi' }] };
    expect(offlineReply(call)).toContain('No skills were injected for this message.');
    expect(offlineReply(call)).toBe(offlineReply(call));
  });

  it('answers JSON requests with an empty skills list', async () => {
    const { value } = await generateJson({
      model: createOfflineLanguageModel(),
      prompt: 'extract skills',
    });
    expect(value).toEqual({ skills: [] });
  });
});
