/** A date (ISO text or ms) as a short local date and time. */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Why a revision exists, in words. */
export function reasonLabel(reason: string | null, restoredFrom: number | null): string {
  if (restoredFrom !== null) return `rolled back (restored revision ${restoredFrom})`;
  switch (reason) {
    case 'create':
    case 'add':
      return 'learned from conversation';
    case 'merge':
      return 'merged from conversation';
    case 'edit':
      return 'edited';
    case 'rollback':
      return 'rolled back';
    case 'import':
      return 'imported';
    case null:
      return 'saved';
    default:
      return reason;
  }
}

/** Triggers a browser download of `data` (a Blob or text) named `fileName`. */
export function download(data: Blob | string, fileName: string, type = 'application/json'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
