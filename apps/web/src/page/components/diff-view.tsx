import { markdown } from '@codemirror/lang-markdown';
import { unifiedMergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';

/**
 * A read-only unified diff of two SKILL.md texts (@codemirror/merge): deletions and insertions
 * inline, unchanged stretches collapsed.
 */
export function DiffView({ before, after }: { before: string; after: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: after,
        extensions: [
          markdown(),
          EditorView.editable.of(false),
          EditorState.readOnly.of(true),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Differences between the two versions' }),
          unifiedMergeView({
            original: before,
            mergeControls: false,
            collapseUnchanged: { margin: 3, minSize: 6 },
          }),
          // The editor fills its box and scrolls inside it: a long diff was clipped at the box's
          // height with no way to reach its end (CodeMirror draws only the lines in view).
          EditorView.theme({
            '&': { height: '100%', backgroundColor: 'var(--card)', color: 'var(--foreground)' },
            '.cm-scroller': { overflow: 'auto' },
          }),
        ],
      }),
    });
    return () => view.destroy();
  }, [before, after]);
  return (
    <div
      ref={host}
      data-testid="diff-view"
      className="h-[32rem] overflow-hidden rounded-md border border-border"
    />
  );
}
