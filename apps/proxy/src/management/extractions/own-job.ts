import type { ExtractionJob } from '@autoskill/sdk';
import { ProxyHttpError } from '../../edge/proxy-http-error';
import type { ProxyDependencies } from '../../server/proxy-dependencies';
import { findJob } from './job-directory';

/** One of the user's jobs; another user's job is reported as missing (404), so ids reveal nothing. */
export async function ownJob(
  deps: ProxyDependencies,
  jobId: string,
  userId: string,
): Promise<ExtractionJob> {
  const job = await findJob(deps, jobId);
  if (!job || job.userId !== userId)
    throw new ProxyHttpError(404, `No extraction job ${JSON.stringify(jobId)}.`, 'not_found');
  return job;
}
