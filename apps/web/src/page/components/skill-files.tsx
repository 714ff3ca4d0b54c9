import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiJson } from '../api/client';
import { Notice } from './ui/notice';

type ExportedFile = string | { content: string; encoding: 'base64' };

/** A skill's resource files: the list, and a chosen text file's content as plain text. */
export function SkillFiles({ skillId, paths }: { skillId: string; paths: string[] }) {
  const [open, setOpen] = useState<string | undefined>();
  const files = useQuery({
    queryKey: ['skill-files', skillId],
    queryFn: () =>
      apiJson<{ files: Record<string, ExportedFile> }>(
        `/v1/autoskill/skills/${encodeURIComponent(skillId)}/export?format=files`,
      ).then((body) => body.files),
    enabled: open !== undefined,
  });
  const content = open === undefined ? undefined : files.data?.[open];
  return (
    <section aria-label="Files" className="space-y-2">
      <h2 className="text-sm font-semibold">Files</h2>
      <ul className="space-y-0.5 text-xs">
        {paths.map((path) => (
          <li key={path}>
            <button
              type="button"
              aria-expanded={open === path}
              onClick={() => setOpen(open === path ? undefined : path)}
              className="font-mono break-all text-primary underline"
            >
              {path}
            </button>
          </li>
        ))}
      </ul>
      {open !== undefined && files.isPending && <Notice>Loading {open}…</Notice>}
      {files.isError && <Notice tone="danger">{files.error.message}</Notice>}
      {open !== undefined &&
        files.data &&
        (typeof content === 'string' ? (
          <pre
            data-testid="skill-file-content"
            className="max-h-80 overflow-auto rounded-md border border-border bg-muted p-2 text-xs whitespace-pre-wrap"
          >
            {content}
          </pre>
        ) : (
          <Notice>{open} is a binary file (download the zip to open it).</Notice>
        ))}
    </section>
  );
}
