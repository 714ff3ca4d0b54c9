// Placeholder: owned by the store-local work; replaced with the real helper.
export interface TempDirectory {
  path: string;
  cleanup(): Promise<void>;
}
export async function createTempDirectory(_files?: Record<string, string | Uint8Array>): Promise<TempDirectory> {
  throw new Error('not implemented yet');
}
