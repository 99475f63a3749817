import { describe, expect, it } from 'vitest';
import { isDueForPurge } from '../../src/domain/retention.js';

const now = new Date('2028-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

describe("purging an uninstalled workspace's data", () => {
  it('is due once the bot token is gone for longer than the retention', () => {
    expect(isDueForPurge({ hasBotToken: false, tokensRemovedAt: daysAgo(31) }, now, 30)).toBe(true);
    expect(isDueForPurge({ hasBotToken: false, tokensRemovedAt: daysAgo(2) }, now, 1)).toBe(true);
  });

  it('is not due within the retention, nor on its last instant', () => {
    expect(isDueForPurge({ hasBotToken: false, tokensRemovedAt: daysAgo(29) }, now, 30)).toBe(false);
    expect(isDueForPurge({ hasBotToken: false, tokensRemovedAt: daysAgo(30) }, now, 30)).toBe(false);
  });

  it('never while Koers is installed, even when a user token was revoked long ago', () => {
    expect(isDueForPurge({ hasBotToken: true, tokensRemovedAt: daysAgo(400) }, now, 30)).toBe(false);
    expect(isDueForPurge({ hasBotToken: false, tokensRemovedAt: null }, now, 30)).toBe(false);
  });
});
