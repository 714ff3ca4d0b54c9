import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Markdown from users and models (SKILL.md, chat answers), rendered as React elements only: raw
 * HTML is dropped (`skipHtml`, no rehype-raw) and link URLs go through react-markdown's safe
 * transform, so `<script>` or `onerror=` in content can never run.
 */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown-body text-sm leading-relaxed break-words">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml>
        {text}
      </ReactMarkdown>
    </div>
  );
}
