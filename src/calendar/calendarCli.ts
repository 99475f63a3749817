import type { Database } from '../db/client.js';
import { type CalendarAddress, calendarAddress, rotateCalendarAddress } from './address.js';

export interface CalendarCliConfig {
  SLACK_SIGNING_SECRET: string;
  PUBLIC_URL?: string | undefined;
}

/** `calendar url` and `calendar rotate`: prints the address, or what is missing to print it. */
export async function runCalendarCommand(
  db: Database,
  config: CalendarCliConfig,
  action: 'url' | 'rotate',
): Promise<number> {
  const options = { key: config.SLACK_SIGNING_SECRET, publicUrl: config.PUBLIC_URL };
  const address =
    action === 'rotate' ? await rotateCalendarAddress(db, options) : await calendarAddress(db, options);
  if (action === 'rotate') console.log('New calendar address made; the old one answers 404 from now on.');
  return printAddress(address);
}

function printAddress(address: CalendarAddress): number {
  switch (address.kind) {
    case 'address':
      console.log(address.httpsUrl);
      console.log(`webcal: ${address.webcalUrl}`);
      return 0;
    case 'noPublicUrl':
      console.log(address.path);
      console.error(
        'PUBLIC_URL is not set: this is the path on Koers\'s own address. Set PUBLIC_URL to the public https address of Koers (README.md, "Environment") to get the full address.',
      );
      return 0;
    case 'keyChanged':
      console.error(
        'The calendar address cannot be shown: SLACK_SIGNING_SECRET changed since it was made (the old address still works). Run "npm run koers -- calendar rotate" for a new one.',
      );
      return 1;
  }
}
