import { describe, expect, it } from 'vitest';
import labelled from '../__fixtures__/labelled-messages.json';
import { createSkillExtractor } from '../create-skill-extractor';

describe('offline rules on the labelled message list', () => {
  it('has a balanced EN+ZH list of at least 30 messages', () => {
    const { messages } = labelled;
    expect(messages.length).toBeGreaterThanOrEqual(30);
    expect(messages.filter((message) => message.durable).length).toBe(
      messages.filter((message) => !message.durable).length,
    );
    expect(new Set(messages.map((message) => message.lang))).toEqual(new Set(['en', 'zh']));
  });

  it('reaches precision and recall >= 0.9', async () => {
    const extractor = createSkillExtractor();
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];
    for (const message of labelled.messages) {
      const { candidate } = await extractor.extract({
        messages: [{ role: 'user', content: message.text }],
      });
      const predicted = candidate !== undefined;
      if (predicted && message.durable) truePositives++;
      if (predicted && !message.durable) falsePositives++;
      if (!predicted && message.durable) falseNegatives++;
      if (predicted !== message.durable)
        mistakes.push(`${message.durable ? 'missed' : 'false alarm'}: ${message.text}`);
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.info(
      `rules path: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}${mistakes.length ? `\n${mistakes.join('\n')}` : ''}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
