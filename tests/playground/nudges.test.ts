import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundUnderTest } from '../support/playgroundUnderTest.js';

/*
 * The playground over HTTP as its page uses it: Bram (U0PGMEMBER) speaks for Angstel, Vecht en Venen,
 * which has not given its feedback on the vision (due Friday 29 September 2017). When the clock passes
 * Tuesday 26 September 09:00, three working days before, and the scheduler ticks, Koers's nudge is in
 * Bram's direct message with Koers.
 */
const MEMBER = 'U0PGMEMBER';
const MEMBER_DM = 'D0PGMEMBER';

interface StateMessage {
  channel: string;
  text: string;
  blocks?: unknown[];
}

describe('the playground clock drives the nudges', { timeout: 120_000 }, () => {
  let running: Awaited<ReturnType<typeof startPlaygroundUnderTest>>;

  beforeAll(async () => {
    running = await startPlaygroundUnderTest();
  }, 120_000);
  afterAll(async () => {
    await running?.dispose();
  });

  const page = async (name: string, body: unknown) => {
    const response = await fetch(`${running.url}playground/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const nudgesInDm = async () => {
    const response = await fetch(`${running.url}playground/state?user=${MEMBER}`);
    const state = (await response.json()) as { messages: StateMessage[] };
    return state.messages.filter(
      (message) => message.channel === MEMBER_DM && message.text.startsWith('Jullie feedback ontbreekt nog'),
    );
  };

  it('shows the nudge in the member’s DM with Koers once the clock passes its moment, and only once', async () => {
    expect(await page('clock', { at: '2017-09-26T08:59' })).toEqual({ ok: true });
    await page('reminders', {});
    expect(await nudgesInDm()).toEqual([]);

    expect(await page('clock', { at: '2017-09-26T09:01' })).toEqual({ ok: true });
    await page('reminders', {});
    const [nudge, ...more] = await nudgesInDm();
    expect(more).toEqual([]);
    expect(nudge?.text).toBe('Jullie feedback ontbreekt nog: Feedback op visie retour aan BiSC');
    expect(JSON.stringify(nudge?.blocks)).toContain('"action_id":"reminder_feedback"');

    await page('reminders', {});
    expect(await nudgesInDm()).toHaveLength(1);
  });
});
