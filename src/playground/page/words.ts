/** The page's own words; Koers's words come from Koers. The language follows the chosen person's. */
export const WORDS = {
  nl: {
    user: 'Gebruiker',
    time: 'Tijd',
    runReminders: 'Herinneringen versturen',
    startAnew: 'Opnieuw beginnen',
    startAnewHint:
      'Koers bewaart wat je hier doet, ook na een herstart. Opnieuw beginnen wist het (berichten, abonnementen, verstuurde herinneringen, feedback) en zet de klok terug op 18 september 2017.',
    startedAnew: 'Opnieuw begonnen: de klok staat weer op 18 september 2017 en er is niets verstuurd.',
    cannotStartAnew: 'Opnieuw beginnen kan alleen op de eigen database van de speeltuin (./data-playground).',
    channels: 'Kanalen',
    directMessages: 'Direct',
    home: 'Home',
    message: 'Bericht',
    composerHint: 'Enter verstuurt. Probeer /project help, /project status of /project feedback.',
    onlyYou: 'Alleen zichtbaar voor jou',
    roles: {
      admin: 'beheerder',
      member: 'lid van een partnerbibliotheek',
      english: 'English',
      unlinked: 'nieuw in Koers',
    },
    posted: (n: number) => `${n} ${n === 1 ? 'bericht' : 'berichten'} geplaatst`,
    download: 'Download',
    noHome: 'Koers heeft deze Home nog niet gevuld.',
    nothing: 'Nog geen berichten.',
    optional: 'optioneel',
  },
  en: {
    user: 'User',
    time: 'Time',
    runReminders: 'Run reminders',
    startAnew: 'Start anew',
    startAnewHint:
      'Koers keeps what you do here, also after a restart. Starting anew forgets it (messages, subscriptions, reminders sent, feedback) and sets the clock back to 18 September 2017.',
    startedAnew: 'Started anew: the clock is back at 18 September 2017 and nothing has been sent.',
    cannotStartAnew: "Starting anew works only on the playground's own database (./data-playground).",
    channels: 'Channels',
    directMessages: 'Direct messages',
    home: 'Home',
    message: 'Message',
    composerHint: 'Enter sends. Try /project help, /project status or /project feedback.',
    onlyYou: 'Only visible to you',
    roles: {
      admin: 'admin',
      member: 'member of a partner library',
      english: 'English',
      unlinked: 'new to Koers',
    },
    posted: (n: number) => `${n} ${n === 1 ? 'message' : 'messages'} posted`,
    download: 'Download',
    noHome: 'Koers has not filled this Home yet.',
    nothing: 'No messages yet.',
    optional: 'optional',
  },
};

export type Words = (typeof WORDS)['nl'];
