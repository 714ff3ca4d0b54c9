import { useQueryClient } from '@tanstack/react-query';
import { FolderUp, Upload } from 'lucide-react';
import { type DragEvent, useRef, useState } from 'react';
import { importSkills } from '../api/skills';
import { cn } from '../lib/cn';
import { filesFromDrop, filesFromPicker } from '../lib/dropped-files';
import { Button } from './ui/button';
import { Notice } from './ui/notice';

/** Import skills: a zip, a picked folder, or either dropped here. */
export function SkillImport() {
  const queryClient = useQueryClient();
  const zipInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'danger'; text: string }>();

  const run = async (upload: Parameters<typeof importSkills>[0]) => {
    try {
      const body = await importSkills(upload);
      const skipped = body.skipped?.length ? `, ${body.skipped.length} skipped` : '';
      setResult({ tone: 'success', text: `Imported ${body.imported_count} skill(s)${skipped}.` });
      await queryClient.invalidateQueries({ queryKey: ['skills'] });
    } catch (error) {
      setResult({ tone: 'danger', text: `Import failed: ${(error as Error).message}` });
    }
  };
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && /\.zip$/i.test(file.name)) return run({ zip: file });
    return run({ files: await filesFromDrop(event.dataTransfer.items) });
  };

  return (
    <section
      aria-label="Import skills"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={cn(
        'space-y-2 rounded-md border border-dashed border-border p-2 text-xs text-muted-foreground',
        over && 'border-primary bg-accent',
      )}
    >
      <div className="flex flex-wrap items-center gap-1">
        <Button size="sm" onClick={() => zipInput.current?.click()}>
          <Upload size={14} aria-hidden="true" /> Import zip
        </Button>
        <Button size="sm" onClick={() => folderInput.current?.click()}>
          <FolderUp size={14} aria-hidden="true" /> Import folder
        </Button>
        <span>or drop one here</span>
      </div>
      <input
        ref={zipInput}
        type="file"
        accept=".zip,application/zip"
        className="hidden"
        aria-label="Skill zip to import"
        data-testid="skill-zip-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void run({ zip: file });
        }}
      />
      <input
        ref={(node) => {
          folderInput.current = node;
          node?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        multiple
        className="hidden"
        aria-label="Skill folder to import"
        onChange={async (event) => {
          const list = event.target.files;
          if (list?.length) await run({ files: await filesFromPicker(list) });
          event.target.value = '';
        }}
      />
      {result && <Notice tone={result.tone}>{result.text}</Notice>}
    </section>
  );
}
