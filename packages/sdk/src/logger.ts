/** Where AutoSkill writes its few log lines. Never receives secrets. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Logs to stderr with an `[autoskill]` prefix, so stdout stays clean for JSON output. */
export const consoleLogger: Logger = {
  info: (message) => console.error(`[autoskill] ${message}`),
  warn: (message) => console.error(`[autoskill] warning: ${message}`),
  error: (message) => console.error(`[autoskill] error: ${message}`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
