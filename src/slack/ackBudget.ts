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
