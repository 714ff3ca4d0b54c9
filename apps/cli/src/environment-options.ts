import type { Command, Option } from 'commander';

/**
 * Applies `.env(NAME)` fallbacks from `env` instead of commander's own read of `process.env`, so
 * a run with an injected environment (tests, embedding) sees exactly that environment. Values
 * given on the command line always win; an env value goes through the option's parser.
 */
export function applyEnvironment(command: Command, env: Record<string, string | undefined>): void {
  for (let current: Command | null = command; current; current = current.parent) {
    for (const option of current.options as Option[]) {
      if (!option.envVar) continue;
      const key = option.attributeName();
      const source = current.getOptionValueSource(key);
      if (source !== undefined && source !== 'default' && source !== 'env') continue;
      const raw = env[option.envVar];
      if (raw === undefined) {
        // Commander may have read the real process environment: undo that.
        if (source === 'env') current.setOptionValueWithSource(key, option.defaultValue, 'default');
        continue;
      }
      const takesValue = option.required || option.optional;
      const value = takesValue
        ? option.parseArg
          ? option.parseArg(raw, option.defaultValue)
          : raw
        : !option.negate;
      current.setOptionValueWithSource(key, value, 'env');
    }
  }
}
