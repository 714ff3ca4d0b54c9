/** Files of a dropped folder (or an `<input webkitdirectory>`), as the import route's `files` map. */
export type FileMap = Record<string, string | { content: string; encoding: 'base64' }>;

const TEXT = /\.(md|txt|ya?ml|json|py|sh|js|ts|csv|html|css|toml|ini|xml)$/i;

async function encode(file: File): Promise<FileMap[string]> {
  if (TEXT.test(file.name)) return file.text();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return { content: btoa(binary), encoding: 'base64' };
}

/** Reads files picked with `webkitdirectory` (their `webkitRelativePath` names the folder). */
export async function filesFromPicker(list: FileList): Promise<FileMap> {
  const files: FileMap = {};
  for (const file of Array.from(list))
    files[file.webkitRelativePath || file.name] = await encode(file);
  return files;
}

function entries(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

/** Reads a dropped folder (drag and drop gives entries, not paths). */
export async function filesFromDrop(items: DataTransferItemList): Promise<FileMap> {
  const files: FileMap = {};
  const visit = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      files[`${prefix}${entry.name}`] = await encode(file);
    } else if (entry.isDirectory)
      for (const child of await entries(entry as FileSystemDirectoryEntry))
        await visit(child, `${prefix}${entry.name}/`);
  };
  const roots = Array.from(items)
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  for (const root of roots) await visit(root, '');
  return files;
}
