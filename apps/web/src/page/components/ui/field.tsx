import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { cn } from '../../lib/cn';

const FIELD =
  'rounded-md border border-border bg-card px-2.5 text-sm text-foreground placeholder:text-muted-foreground';

/** A text input. */
export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(FIELD, 'h-9', className)} {...props} />;
}

/** A native select (keyboard and screen-reader friendly as is). */
export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(FIELD, 'h-9 pr-6', className)} {...props} />;
}

/** A multi-line text box. */
export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cn(FIELD, 'py-2', className)} {...props} />;
}
