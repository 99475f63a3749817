import type { Logger } from '../logger.js';

/** One run of work that settles what is due, and when the next is due (null: nothing waits). */
export interface DueWork {
  run(): Promise<void>;
  nextInMs(): Promise<number | null>;
  /** Logged, with the error, when a run fails; it is tried again after the longest wait. */
  failure: string;
}

/**
 * Runs work that comes due in the running app (the outbox's messages, the channels' overviews): at
 * once when kicked, so a user's change shows within seconds, and again when the next is due, while
 * anything waits. Runs never overlap in one process; a kick during a run runs once more after it.
 */
export class DueRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly work: DueWork,
    private readonly logger: Logger,
    /** The longest wait before looking again, also when the next is due later. */
    private readonly maxWaitMs = 60_000,
  ) {}

  /** Run soon; returns when that run (or the one under way) is done. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.runOnce().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      await this.work.run();
      this.wakeIn(await this.work.nextInMs());
    } catch (error) {
      this.logger.warn({ err: error }, this.work.failure);
      this.wakeIn(this.maxWaitMs);
    }
  }

  private wakeIn(ms: number | null): void {
    if (ms === null || this.stopped) return;
    this.timer = setTimeout(() => void this.kick(), Math.min(Math.max(ms, 20), this.maxWaitMs));
    this.timer.unref();
  }
}

/** For a WebClient whose own log lines would repeat what its caller records per call. */
export const quietSlackLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => 'error' as never,
  setName: () => {},
};
