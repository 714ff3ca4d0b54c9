import { closestWord } from './closest-word';

/** One slash command: how it is typed and what it does (the help text and completion use it). */
export interface SlashCommand {
  name: string;
  usage: string;
  description: string;
  /** What the argument completes to. */
  argument?: 'skill' | 'extract-mode' | 'rewrite-mode' | 'scope';
}

/** Every command of the terminal chat, in the order `/help` lists them. */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'help', usage: '/help', description: 'commands and keys' },
  { name: 'exit', usage: '/exit', description: 'leave (waits briefly for running learning)' },
  { name: 'quit', usage: '/quit', description: 'same as /exit' },
  { name: 'clear', usage: '/clear', description: 'forget the conversation' },
  {
    name: 'paste',
    usage: '/paste … /end',
    description: 'multi-line message until a line /end (/cancel aborts)',
  },
  { name: 'file', usage: '/file PATH', description: 'send a file’s text (up to 2 MB)' },
  {
    name: 'extract',
    usage: '/extract auto|always|never',
    description: 'when to learn',
    argument: 'extract-mode',
  },
  {
    name: 'extract_every',
    usage: '/extract_every N',
    description: 'with auto: learn every N turns',
  },
  {
    name: 'extract_now',
    usage: '/extract_now [hint]',
    description: 'learn from the recent turns now (also bare extract_now)',
  },
  {
    name: 'rewrite',
    usage: '/rewrite auto|always|never',
    description: 'query rewriting before retrieval',
    argument: 'rewrite-mode',
  },
  {
    name: 'scope',
    usage: '/scope user|common|all',
    description: 'which skills to retrieve',
    argument: 'scope',
  },
  {
    name: 'skills',
    usage: '/skills',
    description: 'browse your skills (filter, read, versions, diff, rollback)',
  },
  {
    name: 'search',
    usage: '/search QUERY',
    description: 'search with the session’s top_k and min_score',
  },
  { name: 'export', usage: '/export ID|NAME', description: 'print a SKILL.md', argument: 'skill' },
  { name: 'write', usage: '/write DIR', description: 'write your skills as folders under DIR' },
  {
    name: 'versions',
    usage: '/versions ID|NAME',
    description: 'version history of a skill',
    argument: 'skill',
  },
  {
    name: 'rollback',
    usage: '/rollback ID|NAME [VERSION]',
    description: 'restore a version (asks first)',
    argument: 'skill',
  },
  {
    name: 'diff',
    usage: '/diff ID|NAME [V1] [V2]',
    description: 'what changed between two versions',
    argument: 'skill',
  },
  { name: 'settings', usage: '/settings', description: 'the session’s settings' },
];

const ARGUMENT_CHOICES: Record<string, readonly string[]> = {
  'extract-mode': ['auto', 'always', 'never'],
  'rewrite-mode': ['auto', 'always', 'never'],
  scope: ['user', 'common', 'all'],
};

/** The command named `name`, if any. */
export function findCommand(name: string): SlashCommand | undefined {
  return SLASH_COMMANDS.find((command) => command.name === name);
}

/** The command a mistyped name most likely meant. */
export function suggestCommand(name: string): string | undefined {
  return closestWord(
    name,
    SLASH_COMMANDS.map((command) => command.name),
  );
}

/** The keys of the composer, for `/help` and the README. */
export const KEY_HELP: readonly string[] = [
  'Enter                                send',
  'Ctrl+J, Alt+Enter or \\ then Enter     new line (a pasted text never sends by itself)',
  '↑ / ↓                                move between lines, then through the input history',
  'Tab                                  complete a command, a mode or a skill name',
  'Ctrl+A / Ctrl+E / Ctrl+U             start / end of line, clear the input',
  'Esc or Ctrl+C                        stop the answer (keeps its text); Ctrl+C twice quits',
  'Ctrl+S                               open the skill browser',
];

/** `/help`: every command and key. */
export function helpText(): string {
  const width = Math.max(...SLASH_COMMANDS.map((command) => command.usage.length)) + 2;
  return [
    ...SLASH_COMMANDS.map((command) => `${command.usage.padEnd(width)}${command.description}`),
    '',
    'Keys:',
    ...KEY_HELP.map((line) => `  ${line}`),
  ].join('\n');
}

/**
 * Tab completion of the composer's text: a command name, or a command's argument (skill names,
 * modes, scopes). Returns the completed text and the other candidates, or undefined.
 */
export function completeInput(
  text: string,
  skillNames: readonly string[],
): { text: string; candidates: string[] } | undefined {
  const commandOnly = /^\/(\S*)$/.exec(text);
  if (commandOnly) {
    const prefix = (commandOnly[1] as string).toLowerCase();
    const matches = SLASH_COMMANDS.map((command) => command.name).filter((name) =>
      name.startsWith(prefix),
    );
    return complete('/', prefix, matches, ' ');
  }
  const withArgument = /^\/(\S+)\s+(\S*)$/.exec(text);
  if (!withArgument) return undefined;
  const command = findCommand((withArgument[1] as string).toLowerCase());
  if (!command?.argument) return undefined;
  const prefix = withArgument[2] as string;
  const choices =
    command.argument === 'skill' ? skillNames : (ARGUMENT_CHOICES[command.argument] ?? []);
  const matches = choices.filter((choice) => choice.toLowerCase().startsWith(prefix.toLowerCase()));
  return complete(`/${withArgument[1]} `, prefix, matches, ' ');
}

function complete(
  head: string,
  prefix: string,
  matches: string[],
  after: string,
): { text: string; candidates: string[] } | undefined {
  if (matches.length === 0) return undefined;
  if (matches.length === 1) return { text: `${head}${matches[0]}${after}`, candidates: matches };
  return { text: `${head}${commonPrefix(matches) || prefix}`, candidates: matches };
}

function commonPrefix(words: string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
