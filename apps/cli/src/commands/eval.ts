import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AutoSkill, type ModelSettings } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import { defaultScenariosFile } from '../bench/learning/default-inputs';
import { learningModel, type ModelFlags } from '../bench/learning/learning-model-option';
import type { CliContext } from '../cli-context';
import { type EvalAssistant, InProcessAssistant } from '../eval/eval-assistant';
import { loadEvalCases } from '../eval/eval-cases-from-inputs';
import { createJudge } from '../eval/eval-judge';
import { modelLabel, resolveEvalModel } from '../eval/eval-models';
import { formatEvalReport } from '../eval/format-eval-report';
import { ProxyAssistant } from '../eval/proxy-assistant';
import { runEval } from '../eval/run-eval';
import { createUserSimulator } from '../eval/user-simulator';
import { compact, parseInteger } from '../option-parsers';
import { addModelOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface EvalCommandOptions extends ModelFlags {
  scenarios?: string;
  sessions?: string;
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  simProvider?: string;
  simModel?: string;
  simBaseUrl?: string;
  simApiKey?: string;
  judgeProvider?: string;
  judgeModel?: string;
  judgeBaseUrl?: string;
  judgeApiKey?: string;
  embeddingsProvider?: string;
  out?: string;
  json?: boolean;
  maxCases?: number;
  maxTrainTurns: number;
  userPrefix: string;
  timeoutMs: number;
  verbose?: boolean;
}

/** `autoskill eval`: simulated users train the assistant, a judge compares answers with and without skills. */
export function registerEval(program: Command, context: CliContext): void {
  const command = program
    .command('eval')
    .description(
      'a simulated user plays scenarios (or session files) against AutoSkill in process or a running proxy; a judge compares answers with and without the learned skills, in both orders',
    )
    .option('--scenarios <file>', 'scenario file (default: the in-repo learning-scenarios.json)')
    .option('--sessions <dir>', 'session files of the original web UI (each session is a case)')
    .option(
      '--base-url <url>',
      'evaluate a running proxy (e.g. http://127.0.0.1:9000) instead of the SDK in process',
    )
    .addOption(new Option('--api-key <key>', 'proxy key').env('AUTOSKILL_PROXY_API_KEY'))
    .option('--model <id>', 'model id sent to the proxy')
    .option('--embeddings-provider <name>', 'in process: embeddings (default: as the SDK picks)')
    .option('--out <file>', 'write the JSON report here')
    .option('--json', 'print the JSON report instead of the table')
    .addOption(
      new Option('--max-cases <n>', 'evaluate at most N cases').argParser(
        parseInteger('--max-cases', 1, 100_000),
      ),
    )
    .addOption(
      new Option('--max-train-turns <n>', 'user turns played per case')
        .default(10)
        .argParser(parseInteger('--max-train-turns', 1, 1000)),
    )
    .option('--user-prefix <prefix>', 'prefix of the eval user ids', 'eval')
    .addOption(
      new Option('--timeout-ms <n>', 'time limit per proxy request and learning job')
        .default(360_000)
        .argParser(parseInteger('--timeout-ms', 100, 3_600_000)),
    )
    .option('--verbose', 'one line per case on stderr, and which providers were chosen');
  for (const [flag, what] of [
    ['llm', 'assistant (in process) and default for the simulator and judge'],
    ['sim', 'user simulator'],
    ['judge', 'judge'],
  ] as const)
    addModelOptions(command, {
      flag,
      provider: `${what}: mock | scripted | openai | anthropic | dashscope | qwen | internlm | glm | generic`,
      model: `${what}: model id`,
      baseUrl: `${what}: OpenAI-compatible base URL`,
      apiKey: `${what}: API key (prefer the vendor env var)`,
    });
  command.action(async (options: EvalCommandOptions) => {
    const scenarios = options.scenarios ?? (options.sessions ? undefined : defaultScenariosFile());
    if (!scenarios && !options.sessions)
      throw new UsageError('nothing to evaluate: give --scenarios FILE or --sessions DIR');
    if (options.baseUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(options.baseUrl))
      throw new UsageError(
        `--base-url must be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
      );
    if (options.out) await assertWritableFolder(options.out);
    const cases = await loadEvalCases({
      ...(scenarios ? { scenarios } : {}),
      ...(options.sessions ? { sessions: options.sessions } : {}),
      maxTrainTurns: options.maxTrainTurns,
      ...(options.maxCases ? { maxCases: options.maxCases } : {}),
    });
    const llm = learningModel(options);
    const simulatorModel = await resolveEvalModel(roleSettings(options, 'sim') ?? llm, context.env);
    const judgeModel = await resolveEvalModel(roleSettings(options, 'judge') ?? llm, context.env);
    const logger = context.logger(options.verbose === true);
    let assistant: EvalAssistant;
    let assistantModel: string;
    if (options.baseUrl) {
      assistant = new ProxyAssistant({
        baseUrl: options.baseUrl,
        timeoutMs: options.timeoutMs,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        ...(options.model ? { model: options.model } : {}),
      });
      assistantModel = options.model ?? 'the proxy’s default';
    } else {
      const client = new AutoSkill({
        store: 'memory',
        vectorIndex: 'memory',
        llm,
        ...(options.embeddingsProvider
          ? { embeddings: { provider: options.embeddingsProvider } }
          : {}),
        logger,
        env: context.env,
        // The in-memory store's usage counts are thrown away: judging use would only add vendor
        // calls that belong to no eval role.
        usage: { judge: 'off' },
      });
      const chat = await client.sessionHost().chatModel();
      assistant = new InProcessAssistant(client, 'in-process');
      assistantModel = chat ? `${chat.provider}:${chat.modelId}` : 'none';
    }
    try {
      const report = await runEval({
        cases,
        assistant,
        simulator: createUserSimulator(simulatorModel, modelLabel(simulatorModel)),
        judge: createJudge(judgeModel, modelLabel(judgeModel)),
        assistantModel,
        source: [scenarios, options.sessions].filter(Boolean).join(' + '),
        userPrefix: options.userPrefix,
        ...(options.verbose
          ? {
              onCase: (result) =>
                context.note(
                  'error' in result
                    ? `${result.id}: failed: ${result.error}`
                    : `${result.id}: ${result.judgement.outcome} (learned ${result.learnedIds.length})`,
                ),
            }
          : {}),
      });
      if (options.out) await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
      if (options.json) context.json(report);
      else context.write(formatEvalReport(report));
      if (report.failures.length > 0 && report.cases.length === 0) context.exitCode = 1;
    } finally {
      await assistant.close();
    }
  });
}

/** The settings of `--sim-*` or `--judge-*`, when any of them was given. */
function roleSettings(
  options: EvalCommandOptions,
  role: 'sim' | 'judge',
): ModelSettings | undefined {
  const settings = compact({
    provider: options[`${role}Provider`],
    model: options[`${role}Model`],
    baseUrl: options[`${role}BaseUrl`],
    apiKey: options[`${role}ApiKey`],
  });
  return Object.keys(settings).length > 0 ? settings : undefined;
}

async function assertWritableFolder(file: string): Promise<void> {
  const folder = await stat(dirname(resolve(file))).catch(() => undefined);
  if (!folder?.isDirectory())
    throw new UsageError(`--out ${JSON.stringify(file)}: its folder does not exist`);
}
