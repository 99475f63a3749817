/** The page's own words; Koers's words come from Koers. The language follows the chosen person's. */
export const WORDS = {
  nl: {
    user: 'Gebruiker',
    time: 'Tijd',
    runReminders: 'Herinneringen versturen',
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
