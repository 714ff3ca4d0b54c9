import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import type { ProxyCommandOptions } from '../proxy/proxy-command-options';
import { addProxyFlags } from '../proxy/proxy-flags';
import { runProxyCommand } from '../proxy/run-proxy-command';

export function registerProxy(program: Command, context: CliContext): void {
  const command = addProxyFlags(
    program
      .command('proxy')
      .description(
        'run the OpenAI-compatible proxy: injects skills into chat requests and learns from them (the studio is at /)',
      ),
  );
  command.action((options: ProxyCommandOptions) => runProxyCommand(context, options));
}
