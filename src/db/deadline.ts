/**
 * A database that does not answer must not hold a Slack request or a health check: past the deadline
 * the caller gets an error (and tells the user to try again) while the driver keeps reconnecting.
 */
export const QUERY_DEADLINE_MS = 2_500;

export class DeadlineExceededError extends Error {
  constructor(ms: number) {
    super(`The database did not answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

export async function withDeadline<T>(work: Promise<T>, ms = QUERY_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(ms)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
