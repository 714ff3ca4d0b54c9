import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

/** An inline status line: loading, empty, error. */
export function Notice({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'danger' | 'success';
  children: ReactNode;
}) {
  return (
    <p
      role={tone === 'danger' ? 'alert' : 'status'}
      className={cn(
        'rounded-md border px-3 py-2 text-sm',
        tone === 'danger'
          ? 'border-danger text-danger'
          : tone === 'success'
            ? 'border-success text-success'
            : 'border-border text-muted-foreground',
      )}
    >
      {children}
    </p>
  );
}
