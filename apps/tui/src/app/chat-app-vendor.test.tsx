import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import { type FakeVendorServer, startFakeOpenAI } from '@autoskill/test-vendors';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSTRAINT, eventually, tempChat } from '../test-support/temp-chat';
import { ChatApp } from './chat-app';
import { themeFor } from './theme';

const REPLY = [
  'Here is the plan:',
  '',
  '- cite **every** source',
  '- stay under 500 words',
  '',
  '```ts',
  'const limit = 500;',
  '```',
].join('\n');

let vendor: FakeVendorServer;
const disposers: Array<() => Promise<void>> = [];
beforeEach(async () => {
  vendor = await startFakeOpenAI({ reply: REPLY, chunkSize: 3 });
});
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
  await vendor.close();
});

describe('the chat app against an OpenAI-compatible vendor (fake, on 127.0.0.1)', () => {
  it('streams the answer token by token, renders its Markdown, and sends the injected skill in the system context', {
    tags: ['slow'],
  }, async () => {
    const chat = await tempChat({
      config: {
        llm: {
          provider: 'openai',
          baseUrl: vendor.url,
          apiKey: 'sk-test-key',
          model: 'fake-model',
        },
        embeddings: { provider: 'hashing' },
      },
      controller: { interactive: true, settings: { extractMode: 'never', rewriteMode: 'never' } },
    });
    disposers.push(chat.dispose);
    // The skill comes from an earlier offline session on the same store.
    const offline = new AutoSkill({
      storeDir: join(chat.directory, 'Skills'),
      logger: 'silent',
      llm: { provider: 'mock' },
      env: {},
    });
    await offline.ingest({ userId: 'u1', messages: [{ role: 'user', content: CONSTRAINT }] });
    await offline.close();

    const deltas: string[] = [];
    chat.controller.on({ delta: (text) => deltas.push(text) });
    const app = render(
      <ChatApp controller={chat.controller} theme={themeFor({})} onExit={() => {}} />,
    );
    disposers.unshift(async () => app.unmount());
    const frame = () => app.lastFrame() ?? '';
    await eventually(frame, (text) => text.includes('openai:fake-model'));

    app.stdin.write('Write a report about our quarterly sales numbers.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    app.stdin.write('\r');
    // Finished (in the transcript, not the live region): the injected skills head the answer.
    const done = await eventually(
      frame,
      (text) => text.includes('⚑') && !chat.controller.getState().busy,
    );

    expect(deltas.length).toBeGreaterThan(10);
    expect(deltas.join('')).toBe(REPLY);
    expect(done).toContain('• cite every source');
    expect(done).toContain('• stay under 500 words');
    expect(done).toMatch(/╭─+╮/); // the code block's frame
    expect(done).toMatch(/⚑ report-writing v0\.1\.0 \(\d\.\d\d user\)/);
    expect(done).toMatch(/Injected: report-writing v0\.1\.0/);

    const chatRequests = vendor.requests.filter((request) =>
      request.path.endsWith('/chat/completions'),
    );
    expect(chatRequests).toHaveLength(1);
    const body = chatRequests[0]?.body as {
      stream: boolean;
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.stream).toBe(true);
    const system = body.messages.find((message) => message.role === 'system')?.content ?? '';
    expect(system).toContain('report-writing');
    expect(system).toMatch(/cite a source for every number/i);
  });

  it('stops a running answer on Ctrl+C (keeping its text), then quits on a second Ctrl+C', {
    tags: ['slow'],
  }, async () => {
    const chat = await tempChat({
      config: {
        llm: {
          provider: 'openai',
          baseUrl: vendor.url,
          apiKey: 'sk-test-key',
          model: 'fake-model',
        },
      },
      controller: { interactive: true, settings: { extractMode: 'never', rewriteMode: 'never' } },
    });
    disposers.push(chat.dispose);
    vendor.script({
      kind: 'cut-stream',
      text: 'A partial answer that stalls here',
      afterChunks: 4,
      mode: 'stall',
    });
    let exited = false;
    const app = render(
      <ChatApp
        controller={chat.controller}
        theme={themeFor({})}
        onExit={() => {
          exited = true;
        }}
      />,
    );
    disposers.unshift(async () => app.unmount());
    const frame = () => app.lastFrame() ?? '';
    await eventually(frame, (text) => text.includes('openai:fake-model'));
    app.stdin.write('Tell me something long.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    app.stdin.write('\r');
    await eventually(frame, (text) => text.includes('A partial an'));
    app.stdin.write('\u0003');
    const stopped = await eventually(frame, (text) => text.includes('[stopped]'));
    expect(stopped).toContain('A partial an');
    expect(chat.controller.getState().busy).toBe(false);
    app.stdin.write('\u0003');
    await eventually(frame, (text) => text.includes('Press Ctrl+C again to quit.'));
    expect(exited).toBe(false);
    app.stdin.write('\u0003');
    await eventually(
      () => exited,
      (value) => value,
    );
  });
});
