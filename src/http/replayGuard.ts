/**
 * Remembers the signatures of the Slack requests served in the last `windowMs`, to refuse a replay.
 *
 * A signature is kept as a 64-bit fingerprint in typed arrays, not as a string in a Map: under load
 * the Map held tens of thousands of strings, each promoted to the old generation, and every major
 * collection had to mark them all (in the bench, a p99 at 32 clients 1.2–1.4 × higher with the Map than
 * without it). Typed arrays hold no objects for the collector to mark, and 8 bytes a signature.
 *
 * Signatures are HMAC-SHA256 output, so 64 of their bits are as good as random: two different requests
 * share a fingerprint with odds of about n² / 2⁶⁵ (n requests in the window), far below one in a billion
 * for any traffic Slack sends one app. Nobody can aim for a collision without the signing secret.
 *
 * Two generations: a fingerprint goes into the current one; when that is `windowMs` old it becomes the
 * previous one and the one before is dropped whole. Every signature of the last `windowMs` is therefore
 * in one of the two, and nothing needs expiring one by one.
 */
export class ReplayGuard {
  private current: FingerprintTable;
  private previous: FingerprintTable;

  constructor(
    private readonly windowMs: number,
    /** Fingerprints per generation before it is turned over early (a flood of genuine requests). */
    private readonly maxPerGeneration = 1 << 20,
  ) {
    this.current = new FingerprintTable(Number.NEGATIVE_INFINITY);
    this.previous = new FingerprintTable(Number.NEGATIVE_INFINITY);
  }

  /** True when `signature` was seen in the window; otherwise remembers it and returns false. */
  seenBefore(signature: string, now: number): boolean {
    if (now - this.current.startedAt >= this.windowMs || this.current.size >= this.maxPerGeneration) {
      this.previous = this.current;
      this.current = new FingerprintTable(now);
    }
    const hi = fingerprintPart(signature, 3);
    const lo = fingerprintPart(signature, 11);
    if (this.current.has(hi, lo) || this.previous.has(hi, lo)) return true;
    this.current.add(hi, lo);
    return false;
  }

  /** Fingerprints held, for tests and diagnostics. */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/** 32 bits of a `v0=<64 hex digits>` signature, from hex digit `from` (0 where it is not hex). */
function fingerprintPart(signature: string, from: number): number {
  const part = Number.parseInt(signature.slice(from, from + 8), 16);
  return Number.isNaN(part) ? 0 : part >>> 0;
}

const INITIAL_SLOTS = 1 << 10;

/** An open-addressing hash set of (hi, lo) pairs. Stored `lo` values have their lowest bit set: 0 is an empty slot. */
class FingerprintTable {
  private slots = new Uint32Array(2 * INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  size = 0;

  constructor(readonly startedAt: number) {}

  has(hi: number, lo: number): boolean {
    return this.slotOf(hi, (lo | 1) >>> 0) !== -1;
  }

  add(hi: number, lo: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.grow();
    this.insert(hi, (lo | 1) >>> 0);
    this.size++;
  }

  /** The slot holding (hi, lo), or -1. */
  private slotOf(hi: number, lo: number): number {
    for (let slot = lo & this.mask; ; slot = (slot + 1) & this.mask) {
      const storedLo = this.slots[2 * slot + 1]!;
      if (storedLo === 0) return -1;
      if (storedLo === lo && this.slots[2 * slot] === hi) return slot;
    }
  }

  private insert(hi: number, lo: number): void {
    let slot = lo & this.mask;
    while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
    this.slots[2 * slot] = hi;
    this.slots[2 * slot + 1] = lo;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(2 * old.length);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] !== 0) this.insert(old[i]!, old[i + 1]!);
    }
  }
}
