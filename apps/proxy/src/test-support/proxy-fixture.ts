import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoSkill } from '@autoskill/sdk';
import {
  type FakeVendorServer,
  startFakeAnthropic,
  startFakeOpenAI,
} from '@autoskill/test-vendors';
import type { ProxyConfig } from '../server/proxy-config';
import { type RunningProxy, startProxy } from '../server/start-proxy';
import { type SseEvent, SseParser } from '../sse/sse-parser';
import type { Upstream } from '../upstream/upstream';

export interface ProxyFixture {
  proxy: RunningProxy;
  vendor: FakeVendorServer | undefined;
  autoskill: AutoSkill;
  storeDir: string;
  close(): Promise<void>;
}

/** A proxy on 127.0.0.1:0 over a temp store with offline learning, in front of a fake vendor. */
export async function startFixture(
  options: {
    vendor?: 'openai' | 'anthropic' | 'none';
    config?: Partial<ProxyConfig>;
    upstream?: Partial<Upstream>;
  } = {},
): Promise<ProxyFixture> {
  const storeDir = await mkdtemp(join(tmpdir(), 'autoskill-proxy-test-'));
  const autoskill = new AutoSkill({
    storeDir,
    llm: { provider: 'mock' },
    extractLlm: { provider: 'mock' },
    embeddings: { provider: 'hashing' },
    logger: 'silent',
    env: {},
  });
  const kind = options.vendor ?? 'openai';
  const vendor =
    kind === 'openai'
      ? await startFakeOpenAI({ apiKey: 'sk-upstream-secret' })
      : kind === 'anthropic'
        ? await startFakeAnthropic({ apiKey: 'sk-ant-secret' })
        : undefined;
  const upstream: Upstream =
    kind === 'openai'
      ? {
          kind: 'openai',
          provider: 'fake-openai',
          baseUrl: (vendor as FakeVendorServer).url,
          apiKey: 'sk-upstream-secret',
          model: 'fake-model',
          maxRetries: 0,
          ...(options.upstream as object),
        }
      : kind === 'anthropic'
        ? {
            kind: 'anthropic',
            provider: 'fake-anthropic',
            baseUrl: (vendor as FakeVendorServer).url,
            apiKey: 'sk-ant-secret',
            model: 'claude-fake',
            maxRetries: 0,
            ...(options.upstream as object),
          }
        : { kind: 'offline' };
  const proxy = await startProxy({
    autoskill,
    upstream,
    port: 0,
    config: { minScore: 0, ...options.config },
  });
  return {
    proxy,
    vendor,
    autoskill,
    storeDir,
    async close() {
      await proxy.close();
      await vendor?.close();
      await autoskill.close();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

/** Writes one SKILL.md folder and imports it for `userId` (or into the library). Returns the skill id. */
export async function seedSkill(
  autoskill: AutoSkill,
  options: { name: string; description: string; body: string; userId?: string; library?: string },
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'autoskill-seed-'));
  try {
    await mkdir(join(root, options.name));
    await writeFile(
      join(root, options.name, 'SKILL.md'),
      `---\nname: ${options.name}\ndescription: ${JSON.stringify(options.description)}\n---\n\n${options.body}\n`,
    );
    const result = await autoskill.importAgentSkillDirs(
      options.library
        ? { rootDir: root, scope: 'common', library: options.library }
        : { rootDir: root, scope: 'user', userId: options.userId ?? 'u1' },
    );
    const skill = result.imported[0];
    if (!skill) throw new Error(`seed failed: ${JSON.stringify(result.skipped)}`);
    return skill.id;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Reads an SSE response body into its events with the proxy's own parser (`SseParser`). */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  for await (const chunk of response.body ?? []) events.push(...parser.push(chunk as Uint8Array));
  events.push(...parser.end());
  return events;
}
