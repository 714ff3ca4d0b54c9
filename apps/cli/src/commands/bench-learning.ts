import { type Command, Option } from 'commander';
import { defaultScenariosFile, defaultSessionsDir } from '../bench/learning/default-inputs';
import { formatLearningReport } from '../bench/learning/format-learning-report';
import { learningModel, type ModelFlags } from '../bench/learning/learning-model-option';
import { runLearningBenchmark } from '../bench/learning/run-learning-benchmark';
import type { CliContext } from '../cli-context';
import { parseInteger } from '../option-parsers';
import { addModelOptions } from '../store-options';
import { UsageError } from '../usage-error';

interface LearningBenchOptions extends ModelFlags {
  sessions?: string | false;
  scenarios?: string | false;
  window: number;
  embeddingsProvider?: string;
  json?: boolean;
  verbose?: boolean;
}

/** `autoskill bench learning`: replays recorded sessions and the scenario set through the SDK. */
export function registerLearningBench(bench: Command, context: CliContext): void {
  const command = bench
    .command('learning')
    .description(
      'replays session files and the scenario set turn by turn: learned where the original learned, generic first requests that taught, skills created, retrieval of what was learned',
    )
    .option(
      '--sessions <dir>',
      'session files of the original web UI (default: ../shared/data/web-sessions-dev when present)',
    )
    .option('--no-sessions', 'do not replay session files')
    .option('--scenarios <file>', 'scenario file (default: the in-repo learning-scenarios.json)')
    .option('--no-scenarios', 'do not replay the scenario set')
    .addOption(
      new Option('--window <n>', 'messages before the new user message in a learning window')
        .default(6)
        .argParser(parseInteger('--window', 1, 200)),
    )
    .option('--embeddings-provider <name>', 'hashing (default) or none', 'hashing')
    .option('--json', 'print the report as JSON')
    .option('--verbose', 'one line per replayed file or scenario on stderr');
  addModelOptions(command, {
    flag: 'llm',
    provider: 'scripted | mock | openai | anthropic | dashscope | qwen | internlm | glm | generic',
    model: 'chat model id',
    baseUrl: 'OpenAI-compatible base URL',
    apiKey: 'API key (prefer the vendor env var)',
  });
  command.action(async (options: LearningBenchOptions) => {
    const sessions =
      options.sessions === false
        ? undefined
        : (options.sessions ?? defaultSessionsDir(context.env));
    const scenarios =
      options.scenarios === false ? undefined : (options.scenarios ?? defaultScenariosFile());
    if (!sessions && !scenarios)
      throw new UsageError('nothing to replay: give --sessions DIR and/or --scenarios FILE');
    const report = await runLearningBenchmark({
      ...(sessions ? { sessions } : {}),
      ...(scenarios ? { scenarios } : {}),
      llm: learningModel(options),
      embeddings: { provider: options.embeddingsProvider ?? 'hashing' },
      window: options.window,
      env: context.env,
      logger: context.logger(options.verbose === true),
      ...(options.verbose
        ? {
            onGroup: (outcome) =>
              context.note(
                `${outcome.groupId}: ${outcome.turns.length} turns, learned at ${outcome.turns.filter((turn) => turn.learnedIds.length > 0).length}, ${outcome.createdIds.length} skills`,
              ),
          }
        : {}),
    });
    if (options.json) context.json(report);
    else context.write(formatLearningReport(report));
  });
}
