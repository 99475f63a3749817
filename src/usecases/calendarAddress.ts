import {
  createCalendarFeedIfAbsent,
  readCalendarFeed,
  replaceCalendarToken,
  type StoredCalendarFeed,
} from '../db/calendarFeedRepository.js';
import type { Database } from '../db/client.js';
import { deriveCalendarToken, isCalendarToken, newCalendarToken } from '../domain/calendarToken.js';

export interface CalendarAddressOptions {
  /** The key tokens are derived with (the Slack signing secret). */
  key: string;
  /** PUBLIC_URL: where Koers is reached from outside, or undefined when not set. */
  publicUrl: string | undefined;
  /** With OAuth: the workspace the feed is of, named in its path (domain/workspaces.ts). */
  workspace?: string;
}

/** Where the feed is, as far as Koers can tell. */
export type CalendarAddress =
  | { kind: 'address'; path: string; httpsUrl: string; webcalUrl: string }
  /** PUBLIC_URL is not set: only the path is known. */
  | { kind: 'noPublicUrl'; path: string }
  /** The key changed since the token was made: the stored address still works but cannot be shown. */
  | { kind: 'keyChanged' };

/** The feed's address, making the token on first use. */
export async function calendarAddress(
  db: Database,
  options: CalendarAddressOptions,
): Promise<CalendarAddress> {
  const stored =
    (await readCalendarFeed(db)) ?? (await createCalendarFeedIfAbsent(db, newCalendarToken(options.key)));
  return addressOf(stored, options);
}

/** A new token: the old address answers 404 from now on. */
export async function rotateCalendarAddress(
  db: Database,
  options: CalendarAddressOptions,
): Promise<CalendarAddress> {
  return addressOf(await replaceCalendarToken(db, newCalendarToken(options.key)), options);
}

export function calendarPath(token: string, workspace?: string): string {
  return workspace ? `/calendar/${workspace}/${token}.ics` : `/calendar/${token}.ics`;
}

function addressOf(stored: StoredCalendarFeed, options: CalendarAddressOptions): CalendarAddress {
  const token = deriveCalendarToken(options.key, stored.tokenNonce);
  if (!isCalendarToken(token, stored.tokenHash)) return { kind: 'keyChanged' };
  const path = calendarPath(token, options.workspace);
  if (!options.publicUrl) return { kind: 'noPublicUrl', path };
  const httpsUrl = `${options.publicUrl.replace(/\/+$/, '')}${path}`;
  return { kind: 'address', path, httpsUrl, webcalUrl: httpsUrl.replace(/^https?:\/\//, 'webcal://') };
}
