import type { Database } from '../db/client.js';
import type { Catalogue } from '../i18n/nl.js';
import { type CalendarAddress, calendarAddress, rotateCalendarAddress } from './address.js';

export interface CalendarCliConfig {
  SLACK_SIGNING_SECRET: string;
  PUBLIC_URL?: string | undefined;
}

/** What the calendar commands say, in the CLI's language. */
export type CalendarCliWords = Pick<
  Catalogue['cli'],
  'calendarRotated' | 'calendarNoPublicUrl' | 'calendarKeyChanged'
>;

/** `calendar url` and `calendar rotate`: prints the address, or what is missing to print it. */
export async function runCalendarCommand(
  db: Database,
  config: CalendarCliConfig,
  action: 'url' | 'rotate',
  words: CalendarCliWords,
): Promise<number> {
  const options = { key: config.SLACK_SIGNING_SECRET, publicUrl: config.PUBLIC_URL };
  const address =
    action === 'rotate' ? await rotateCalendarAddress(db, options) : await calendarAddress(db, options);
  if (action === 'rotate') console.log(words.calendarRotated);
  return printAddress(address, words);
}

function printAddress(address: CalendarAddress, words: CalendarCliWords): number {
  switch (address.kind) {
    case 'address':
      console.log(address.httpsUrl);
      console.log(`webcal: ${address.webcalUrl}`);
      return 0;
    case 'noPublicUrl':
      console.log(address.path);
      console.error(words.calendarNoPublicUrl);
      return 0;
    case 'keyChanged':
      console.error(words.calendarKeyChanged);
      return 1;
  }
}
