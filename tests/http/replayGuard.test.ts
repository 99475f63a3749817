import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../src/http/replayGuard.js';

const WINDOW_MS = 6 * 60 * 1000;
const T0 = 1_800_000_000_000;

/** A signature as Slack sends it: `v0=` and 64 hex digits (of an HMAC-SHA256, as random as these). */
function signature(): string {
  return `v0=${randomBytes(32).toString('hex')}`;
}

describe('the replay guard', () => {
  it('refuses a signature it has seen, and only that one', () => {
    const guard = new ReplayGuard(WINDOW_MS);
    const first = signature();
    expect(guard.seenBefore(first, T0)).toBe(false);
    expect(guard.seenBefore(first, T0 + 1_000)).toBe(true);
    expect(guard.seenBefore(signature(), T0 + 1_000)).toBe(false);
  });

  it('remembers a signature for the whole window, across a turnover of its generations', () => {
    const guard = new ReplayGuard(WINDOW_MS);
    const early = signature();
    guard.seenBefore(signature(), T0);
    guard.seenBefore(early, T0 + WINDOW_MS - 1);
    // A request just after a window has passed starts a new generation; `early` is in the previous one.
    guard.seenBefore(signature(), T0 + WINDOW_MS);
    expect(guard.seenBefore(early, T0 + 2 * WINDOW_MS - 2)).toBe(true);
  });

  it('forgets a signature two windows later', () => {
    const guard = new ReplayGuard(WINDOW_MS);
    const old = signature();
    guard.seenBefore(old, T0);
    guard.seenBefore(signature(), T0 + WINDOW_MS);
    guard.seenBefore(signature(), T0 + 2 * WINDOW_MS);
    expect(guard.size).toBe(2);
    expect(guard.seenBefore(old, T0 + 2 * WINDOW_MS + 1)).toBe(false);
  });

  it('holds a hundred thousand signatures without missing one or refusing a new one', () => {
    const guard = new ReplayGuard(WINDOW_MS);
    const seen = Array.from({ length: 100_000 }, signature);
    expect(seen.filter((s, i) => guard.seenBefore(s, T0 + i))).toEqual([]);
    expect(seen.every((s) => guard.seenBefore(s, T0 + 100_000))).toBe(true);
    const fresh = Array.from({ length: 100_000 }, signature);
    expect(fresh.filter((s) => guard.seenBefore(s, T0 + 100_000))).toEqual([]);
  });

  it('turns a generation over early rather than grow without bound under a flood', () => {
    const guard = new ReplayGuard(WINDOW_MS, 1_000);
    for (let i = 0; i < 5_000; i++) guard.seenBefore(signature(), T0);
    expect(guard.size).toBeLessThanOrEqual(2_000);
  });
});
