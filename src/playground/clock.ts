import { TZDate } from '@date-fns/tz';

/**
 * The playground's time for the whole app: set to any moment, it then runs on with the wall clock, so
 * countdowns and the scheduler behave as on that day.
 */
export class PlaygroundClock {
  private offsetMs: number;

  constructor(
    start: Date,
    readonly timezone: string,
  ) {
    this.offsetMs = start.getTime() - Date.now();
  }

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  set(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }

  /** `2017-09-28T09:00` read in the programme's time zone, as the clock input shows it. */
  setLocal(value: string): boolean {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
    if (!match) return false;
    const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
    const at = new TZDate(y, mo - 1, d, h, mi, 0, this.timezone);
    if (Number.isNaN(at.getTime())) return false;
    this.set(new Date(at.getTime()));
    return true;
  }

  /** The clock as the input shows it: local time in the programme's zone, to the minute. */
  local(): string {
    const at = new TZDate(this.now().getTime(), this.timezone);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
  }
}
