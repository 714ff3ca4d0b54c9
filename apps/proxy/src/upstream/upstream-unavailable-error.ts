/** Why no (whole) answer could be obtained: a timeout, a network failure or the client going away. */
export class UpstreamUnavailableError extends Error {
  override name = 'UpstreamUnavailableError';
  constructor(
    message: string,
    readonly reason: 'timeout' | 'network' | 'aborted',
  ) {
    super(message);
  }
}

/** The client went away: nothing more to send. */
export function clientGone(): UpstreamUnavailableError {
  return new UpstreamUnavailableError('the client closed the connection', 'aborted');
}
