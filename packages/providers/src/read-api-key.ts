/** Environment variables as a plain record (`process.env` when available). */
export type Environment = Record<string, string | undefined>;

/** `process.env` where it exists (Node), else an empty record. */
export function defaultEnvironment(): Environment {
  const runtime = globalThis as { process?: { env?: Environment } };
  return runtime.process?.env ?? {};
}

/** The first non-empty value among `names`, with the name it came from. */
export function readFirstEnv(
  env: Environment,
  names: readonly string[],
): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}
