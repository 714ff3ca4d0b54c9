/** The bundle's entry file, rebuilt first when missing or when any file it was built from changed. */
export function bundleWhenStale(options: {
  entry: string;
  cacheDir: string;
  root: string;
  extraInputs?: string[];
}): Promise<string>;
