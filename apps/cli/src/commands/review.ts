import type { AutoSkill } from '@autoskill/sdk';
import { type Command, Option } from 'commander';
import type { CliContext } from '../cli-context';
import { addStoreOptions, openAutoSkill, type StoreOptions } from '../store-options';

type ReviewOptions = StoreOptions & { userId: string; json?: boolean };

/**
 * `autoskill review list|show|approve|reject`: the drafts learning kept for approval (run the
 * proxy, chat or learn with `--review learned`). Nothing in a draft is injected until approved.
 */
export function registerReview(program: Command, context: CliContext): void {
  const review = program
    .command('review')
    .description(
      'approve or reject what learning proposed while running with --review learned (drafts are never injected)',
    );
  const subcommand = (name: string, description: string, withDraft: boolean) => {
    const command = review.command(name).description(description);
    if (withDraft) command.argument('<draft>', 'draft id (draft_…, from `autoskill review list`)');
    return addStoreOptions(
      command
        .addOption(
          new Option('--user-id <id>', 'whose drafts').env('AUTOSKILL_USER_ID').default('u1'),
        )
        .option('--json', 'print JSON'),
    );
  };
  const run =
    (work: (autoskill: AutoSkill, options: ReviewOptions, draftId: string) => Promise<void>) =>
    async (...args: unknown[]) => {
      const [first, second] = args;
      const draftId = typeof first === 'string' ? first : '';
      const options = (typeof first === 'string' ? second : first) as ReviewOptions;
      const autoskill = openAutoSkill(context, options);
      try {
        await work(autoskill, options, draftId);
      } finally {
        await autoskill.close();
      }
    };

  subcommand('list', "list a user's drafts, oldest first", false).action(
    run(async (autoskill, options) => {
      const drafts = await autoskill.review.list(options.userId);
      if (options.json) return context.json(drafts);
      if (drafts.length === 0) return context.line(`No drafts for ${options.userId}.`);
      for (const draft of drafts)
        context.line(
          `${draft.id}  ${draft.kind === 'add' ? 'new  ' : 'merge'}  ${draft.document.name} v${draft.document.version}  ${draft.createdAt}`,
        );
    }),
  );
  subcommand(
    'show',
    'show a draft as SKILL.md and its diff against the current skill',
    true,
  ).action(
    run(async (autoskill, options, draftId) => {
      const detail = await autoskill.review.show(options.userId, draftId);
      if (options.json) return context.json(detail);
      context.line(
        `${detail.id}: ${detail.kind === 'add' ? 'new skill' : `next version of ${detail.skillId}`} ${detail.document.name} v${detail.document.version}${detail.stale ? ` (stale: the skill is now revision ${detail.currentRevision}; approving is refused)` : ''}`,
      );
      context.write(detail.patch);
    }),
  );
  subcommand('approve', 'write a draft as the skill (or its next version)', true).action(
    run(async (autoskill, options, draftId) => {
      const skill = await autoskill.review.approve(options.userId, draftId);
      if (options.json) return context.json(skill);
      context.line(
        `Approved ${draftId}: ${skill.name} v${skill.version} (${skill.id}, revision ${skill.revision})`,
      );
    }),
  );
  subcommand('reject', 'drop a draft', true).action(
    run(async (autoskill, options, draftId) => {
      const draft = await autoskill.review.reject(options.userId, draftId);
      if (options.json) return context.json({ rejected: draft.id });
      context.line(`Rejected ${draft.id} (${draft.document.name}).`);
    }),
  );
}
