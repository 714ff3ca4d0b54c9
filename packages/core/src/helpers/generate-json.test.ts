import { describe, expect, it } from 'vitest';
import { MockLanguageModel } from '../testing/index';
import { generateJson, type SafeParseSchema } from './generate-json';

interface Colours {
  colours: string[];
}

const coloursSchema: SafeParseSchema<Colours> = {
  safeParse(value) {
    const colours = (value as { colours?: unknown })?.colours;
    if (Array.isArray(colours) && colours.every((item) => typeof item === 'string')) {
      return { success: true, data: { colours } };
    }
    return { success: false, error: { message: 'colours: expected an array of strings' } };
  },
};

describe('generateJson', () => {
  it('asks for JSON mode and returns the validated value from a fenced reply', async () => {
    const model = new MockLanguageModel({
      responses: '```json\n{"colours": ["red", "blue",]}\n```',
    });
    const result = await generateJson({ model, prompt: 'colours?', schema: coloursSchema });
    expect(result.value).toEqual({ colours: ['red', 'blue'] });
    expect(result.repairs).toBe(0);
    expect(model.calls[0]?.responseFormat).toEqual({ type: 'json' });
  });

  it('asks the model once to fix a reply that fails the schema', async () => {
    const model = new MockLanguageModel({
      responses: ['{"colours": "red"}', '{"colours": ["red"]}'],
    });
    const result = await generateJson({
      model,
      system: 'S',
      prompt: 'colours?',
      schema: coloursSchema,
    });
    expect(result.value).toEqual({ colours: ['red'] });
    expect(result.repairs).toBe(1);
    const repairCall = model.calls[1]!;
    expect(repairCall.system).toBe('S');
    expect(repairCall.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
    ]);
    expect(repairCall.messages[1]?.content).toBe('{"colours": "red"}');
    expect(String(repairCall.messages[2]?.content)).toContain(
      'colours: expected an array of strings',
    );
  });

  it('throws InvalidJsonOutputError when the repaired reply is still unusable', async () => {
    const model = new MockLanguageModel({ responses: ['no idea', 'still no idea'] });
    await expect(
      generateJson({ model, prompt: 'colours?', schema: coloursSchema }),
    ).rejects.toMatchObject({
      name: 'InvalidJsonOutputError',
      code: 'INVALID_ARGUMENT',
      text: 'still no idea',
    });
    expect(model.calls).toHaveLength(2);
  });

  it('makes no repair call with repairAttempts 0 and validates its options', async () => {
    const model = new MockLanguageModel({ responses: 'nope' });
    await expect(generateJson({ model, prompt: 'x', repairAttempts: 0 })).rejects.toThrow(
      /found none/,
    );
    expect(model.calls).toHaveLength(1);
    await expect(generateJson({ model, prompt: 'x', repairAttempts: -1 })).rejects.toThrow(
      /repairAttempts/,
    );
    await expect(generateJson({ model, prompt: 'x', schema: {} as any })).rejects.toThrow(
      /safeParse/,
    );
  });
});
