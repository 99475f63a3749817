/**
 * What a listener still does after it has answered Slack: the outbox's drain (direct messages to
 * admins, a post in another channel; written to the database first, so nothing is lost if it is cut
 * off), a file upload. Tracked so that a stopping instance finishes it before it closes the database.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  /** Tracks `work` until it settles; its failure is the caller's to handle (here it is only awaited). */
  track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work.then(
      () => {},
      () => {},
    );
    this.running.add(tracked);
    void tracked.then(() => this.running.delete(tracked));
  }

  /** Resolves once all tracked work has settled, or after `timeoutMs`; returns how many were still running. */
  async settled(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all([...this.running]), timeout]);
    clearTimeout(timer);
    return this.running.size;
  }
}
