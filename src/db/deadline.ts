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

/**
 * Thrown inside a transaction whose caller has stopped waiting for it (the user was already told it
 * was not saved): the transaction rolls back instead of committing late, so a save the user was told
 * failed never appears later, to be doubled when they send again.
 */
export class AbandonedError extends Error {
  constructor() {
    super('The caller stopped waiting; the transaction is rolled back');
    this.name = 'AbandonedError';
  }
}

/** Call last inside a transaction: a caller that gave up gets a rollback, not a late commit. */
export function throwIfAbandoned(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbandonedError();
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
