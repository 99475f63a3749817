import { expect } from 'vitest';
import { findLimitViolations } from './blockLimits.js';
import type { FakeSlack } from './fakeSlack.js';

/** Every message and view the app sent to the fake Slack, and every response_url post, within Slack's limits. */
export function expectEverySlackPayloadValid(slack: FakeSlack): void {
  for (const call of slack.calls) {
    const payload = call.args.view ?? (call.args.blocks || call.args.text ? call.args : null);
    if (payload) expect(findLimitViolations(payload), `${call.method}`).toEqual([]);
  }
  for (const response of slack.responses) {
    expect(findLimitViolations(response.body), `response_url ${response.url}`).toEqual([]);
  }
}
