import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import type { Database } from '../../db/client.js';
import { rememberState, takeState } from '../../db/oauthStateRepository.js';
import type { Locale } from '../../i18n/index.js';

/** How long an "Add to Slack" link stays good: Bolt's state cookie lives as long. */
export const STATE_LIFETIME_SECONDS = 10 * 60;

/** A state Koers did not issue, issued and taken already, or too old: the install stops there. */
export class StateRefused extends Error {
  /** Bolt's own code for a bad state, so Bolt and Koers treat both alike. */
  readonly code = 'slack_oauth_invalid_state';
  constructor(reason: 'forged' | 'used or unknown' | 'expired') {
    super(`the OAuth state is refused: ${reason}`);
    this.name = 'StateRefused';
  }
}

/**
 * The OAuth `state` of every "Add to Slack" link: a random id signed with SLACK_STATE_SECRET, and
 * remembered in the database until it comes back. A forged state is refused before the database is
 * asked; a real one is taken once, by whichever instance Slack's redirect reaches, and refused after
 * its lifetime. (Bolt also checks that it comes back to the browser it was given to, by a cookie.)
 * The install page's language travels with it, as Bolt's `metadata`.
 */
export function databaseStateStore(options: {
  db: Database;
  secret: string;
  /** The language of the install page being served. */
  locale: () => Locale;
}): StateStore {
  const { db, secret } = options;
  const sign = (id: string) =>
    createHmac('sha256', secret).update(`koers-oauth-state:${id}`).digest('base64url');
  return {
    async generateStateParam(installOptions, now) {
      const id = randomBytes(18).toString('base64url');
      await rememberState(
        db,
        {
          id,
          installOptions: { ...installOptions },
          locale: options.locale(),
          expiresAt: new Date(now.getTime() + STATE_LIFETIME_SECONDS * 1000),
        },
        now,
      );
      return `${id}.${sign(id)}`;
    },
    async verifyStateParam(now, state) {
      const [id = '', signature = '', ...rest] = state.split('.');
      const expected = Buffer.from(sign(id));
      const given = Buffer.from(signature);
      if (rest.length > 0 || expected.length !== given.length || !timingSafeEqual(expected, given))
        throw new StateRefused('forged');
      const taken = await takeState(db, id);
      if (!taken) throw new StateRefused('used or unknown');
      if (taken.expiresAt.getTime() < now.getTime()) throw new StateRefused('expired');
      return { ...(taken.installOptions as unknown as InstallURLOptions), metadata: taken.locale };
    },
  };
}
