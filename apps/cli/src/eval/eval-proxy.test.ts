// `autoskill eval --base-url`: the same cases played against a running proxy (offline, in process).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, type ServedInProcess, serveInProcess } from '../test-support/run-in-process';
import type { EvalReport } from './eval-report';
import { writeEvalScenarios } from './eval-test-scenarios';

describe('autoskill eval --base-url (a running proxy)', { tags: ['slow'] }, () => {
  let directory: string;
  let served: ServedInProcess;
  let url: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'autoskill-eval-proxy-'));
    served = await serveInProcess(
      ['proxy'],
      { AUTOSKILL_PROXY_PORT: '0', AUTOSKILL_STORE_DIR: join(directory, 'Skills') },
      /AutoSkill proxy on (http:\/\/\S+)\/v1/,
    );
    url = served.url;
  }, 120_000);
  afterAll(async () => {
    await served?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('trains through the proxy, follows its learning jobs and judges the answers', {
    tags: ['slow'],
  }, async () => {
    const scenarios = await writeEvalScenarios(directory);
    const result = await runInProcess([
      'eval',
      '--scenarios',
      scenarios,
      '--base-url',
      url,
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport;
    expect(report.assistant).toBe(`proxy ${url}`);
    expect(report.failures).toEqual([]);
    const [release, capital] = report.cases;
    expect(release?.learnedIds).toHaveLength(1);
    expect(release?.injectedIds).toEqual(release?.learnedIds);
    expect(release?.answers.skills).toMatch(/Skills in context/);
    expect(release?.answers.base).toMatch(/No skills were injected/);
    expect(capital?.learnedIds).toEqual([]);
  });
});
