/**
 * Slack drops an answer that takes longer than 3 seconds. Work that may be slow races this budget:
 * when it wins, its result goes into the ack itself (one round trip); when it loses, the caller acks
 * with a short note and delivers the result later through `respond`.
 */
export const ACK_BUDGET_MS = 2_000;

export type Raced<T> = { done: true; value: T } | { done: false; pending: Promise<T> };

export async function raceAckBudget<T>(work: Promise<T>, budgetMs = ACK_BUDGET_MS): Promise<Raced<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => {
    timer = setTimeout(resolve, budgetMs, 'late');
  });
  try {
    const winner = await Promise.race([work.then((value) => ({ value })), timeout]);
    return winner === 'late' ? { done: false, pending: work } : { done: true, value: winner.value };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long a submitted form may take to save before the modal is answered "cannot save now": a claim
 * against replays (at most 0.5 s) comes before it, and Slack closes the request at 3 s.
 */
export const SAVE_BUDGET_MS = 1_800;

export type Saved<T> = { kind: 'done'; value: T } | { kind: 'late' } | { kind: 'threw'; error: unknown };

/**
 * A form's save raced against the budget. When it is late, its signal is aborted, so a transaction
 * still waiting on the database rolls back instead of committing after the user was told it failed.
 * It never rejects: a save that throws is reported as `threw`, later ones only logged by the caller.
 */
export async function saveWithinBudget<T>(
  work: (signal: AbortSignal) => Promise<T>,
  budgetMs = SAVE_BUDGET_MS,
): Promise<Saved<T>> {
  const controller = new AbortController();
  try {
    const raced = await raceAckBudget(work(controller.signal), budgetMs);
    if (raced.done) return { kind: 'done', value: raced.value };
    controller.abort();
    raced.pending.catch(() => {});
    return { kind: 'late' };
  } catch (error) {
    return { kind: 'threw', error };
  }
}
