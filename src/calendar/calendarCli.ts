import type { Database } from '../db/client.js';
import type { Catalogue } from '../i18n/nl.js';
import { type CalendarAddress, calendarAddress, rotateCalendarAddress } from '../usecases/calendarAddress.js';

export interface CalendarCliConfig {
  SLACK_SIGNING_SECRET: string;
  PUBLIC_URL?: string | undefined;
  /** With OAuth: the workspace (`--team`) whose feed it is, named in the feed's path. */
  workspace?: string;
}

/** What the calendar commands say, in the CLI's language. */
export type CalendarCliWords = Pick<
  Catalogue['cli'],
  'calendarRotated' | 'calendarNoPublicUrl' | 'calendarKeyChanged'
>;

/** Where the commands write: a line to stdout, a line to stderr. */
export interface CalendarCliOutput {
  log(text: string): void;
  warn(text: string): void;
}

/** `calendar url` and `calendar rotate`: prints the address, or what is missing to print it. */
export async function runCalendarCommand(
  db: Database,
  config: CalendarCliConfig,
  action: 'url' | 'rotate',
  words: CalendarCliWords,
  print: CalendarCliOutput = { log: console.log, warn: console.error },
): Promise<number> {
  const options = {
    key: config.SLACK_SIGNING_SECRET,
    publicUrl: config.PUBLIC_URL,
    ...(config.workspace && { workspace: config.workspace }),
  };
  const address =
    action === 'rotate' ? await rotateCalendarAddress(db, options) : await calendarAddress(db, options);
  if (action === 'rotate') print.log(words.calendarRotated);
  return printAddress(address, words, print);
}

function printAddress(address: CalendarAddress, words: CalendarCliWords, print: CalendarCliOutput): number {
  switch (address.kind) {
    case 'address':
      print.log(address.httpsUrl);
      print.log(`webcal: ${address.webcalUrl}`);
      return 0;
    case 'noPublicUrl':
      print.log(address.path);
      print.warn(words.calendarNoPublicUrl);
      return 0;
    case 'keyChanged':
      print.warn(words.calendarKeyChanged);
      return 1;
  }
}
