import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { validateSkillMd } from '../lib/validate-skill-md';

const skillMdLinter = linter(
  (view): Diagnostic[] =>
    validateSkillMd(view.state.doc.toString()).map((issue) => ({
      from: Math.min(issue.from, view.state.doc.length),
      to: Math.min(issue.to, view.state.doc.length),
      severity: 'error',
      message: issue.message,
    })),
  { delay: 250 },
);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--card)', color: 'var(--foreground)' },
  '.cm-gutters': {
    backgroundColor: 'var(--muted)',
    color: 'var(--muted-foreground)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-content': { caretColor: 'var(--foreground)' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
});

/**
 * The SKILL.md editor: CodeMirror 6 with Markdown and a YAML frontmatter, inline errors (bad
 * YAML, name rules, missing description) and Ctrl/⌘+S to save.
 */
export function SkillEditor({
  value,
  onChange,
  onSave,
}: {
  value: string;
  onChange: (text: string) => void;
  onSave: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  // The editor is created once per mount; later `value` changes are applied by the next effect.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                callbacks.current.onSave();
                return true;
              },
            },
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          yamlFrontmatter({ content: markdown() }),
          syntaxHighlighting(defaultHighlightStyle),
          skillMdLinter,
          lintGutter(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'SKILL.md editor' }),
          theme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value)
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  return (
    <div
      ref={host}
      data-testid="skill-editor"
      className="h-[28rem] overflow-hidden rounded-md border border-border"
    />
  );
}
