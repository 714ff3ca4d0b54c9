import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import type { ProxyCommandOptions } from '../proxy/proxy-command-options';
import { addProxyFlags } from '../proxy/proxy-flags';
import { runProxyCommand } from '../proxy/run-proxy-command';

/**
 * `autoskill web`: AutoSkill Studio. The same server as `autoskill proxy` (same flags, store and
 * auth) on port 8000; builds the page first when a source checkout has no (or a stale) build.
 */
export function registerWeb(program: Command, context: CliContext): void {
  const command = addProxyFlags(
    program
      .command('web')
      .description(
        'open AutoSkill Studio (chat, skills, versions, learning activity) served by the proxy; takes every proxy flag',
      )
      .addOption(new Option('--no-open', 'print the URL only, do not open a browser')),
    { default: 8000, env: 'AUTOSKILL_WEB_PORT' },
  );
  command.action(async (options: ProxyCommandOptions & { open: boolean }) => {
    const { ensureStudioBuilt } = await import('@autoskill/web');
    const outcome = await ensureStudioBuilt({
      onBuild: () => context.note('building AutoSkill Studio (first run or changed sources)…'),
    });
    if (outcome === 'unavailable')
      context.note('warning: the studio is not built here; the page will say how to build it');
    const open = options.open && context.io.stdout.isTTY === true && !context.env.CI;
    await runProxyCommand(context, options, { web: { open } });
  });
}
