import { dirname, isAbsolute, resolve } from 'node:path';
import type { Command, Option } from 'commander';

/**
 * The directory the user ran the command from. `pnpm autoskill …` / `npm run autoskill …` start
 * the script in the package's folder and keep the caller's folder in INIT_CWD; that folder is used
 * only while we still run where the package manager put us (a child started elsewhere keeps its own).
 */
export function callerDirectory(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): string {
  const caller = env.INIT_CWD;
  const scriptDirectory =
    env.PNPM_SCRIPT_SRC_DIR ?? (env.npm_package_json ? dirname(env.npm_package_json) : undefined);
  if (!caller || !scriptDirectory || !isAbsolute(caller)) return cwd;
  return resolve(scriptDirectory) === resolve(cwd) ? caller : cwd;
}

/** Makes every `<dir>`/`<file>`/`<path>` option value of `command` (and its parents) absolute against `base`. */
export function resolvePathOptions(command: Command, base: string): void {
  for (let current: Command | null = command; current; current = current.parent) {
    for (const option of current.options as Option[]) {
      if (!/<(?:dir|file|path)>/.test(option.flags)) continue;
      const key = option.attributeName();
      const value: unknown = current.getOptionValue(key);
      const absolute = (path: unknown) =>
        typeof path === 'string' && path !== '' ? resolve(base, path) : path;
      // Repeatable options (`--library-dir a --library-dir b`) hold a list.
      const resolved = Array.isArray(value) ? value.map(absolute) : absolute(value);
      if (resolved === value) continue;
      current.setOptionValueWithSource(
        key,
        resolved,
        current.getOptionValueSource(key) ?? 'default',
      );
    }
  }
}
