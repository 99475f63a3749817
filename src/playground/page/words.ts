/** The page's own words; Koers's words come from Koers. The language follows the chosen person's. */
export const WORDS = {
  nl: {
    workspace: 'Werkruimte',
    otherWorkspaceTitle: (name: string) => `Een tweede werkruimte: ${name}`,
    otherWorkspaceText:
      'Koers is hier apart geïnstalleerd, met een eigen programma, eigen kanalen en eigen berichten. Niets van wat je hier doet, komt in de andere werkruimte terecht; wissel met de keuzelijst Werkruimte bovenaan.',
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
    composerHint: 'Enter verstuurt. Probeer:',
    banner: (name: string, role: string) =>
      `Nagebootste Slack · je bent ${name} (${role}) · zet de tijd vooruit om herinneringen te zien`,
    welcomeTitle: 'Welkom bij Koers',
    welcomeText:
      'Koers brengt het meerjarige innovatieprogramma van de Utrechtse bibliotheken in Slack: welke projecten lopen, welke bibliotheken meedoen en wanneer de volgende fase en deadline komen. Dit is een nagebootste Slack op je eigen computer: wat je hier doet, gaat naar Koers en nergens anders heen.',
    welcomeTry: 'Drie dingen om te proberen (klik erop):',
    tryCommands: [
      ['/project status', 'alle projecten, per status'],
      ['/project tijdlijn', 'de fasen en de volgende deadline'],
      ['/project feedback', 'het feedbackformulier'],
    ] as [string, string][],
    welcomeReminder:
      'Hieronder een herinnering zoals Koers die in een kanaal plaatst; "Geef feedback" opent het formulier.',
    onlyYou: 'Alleen zichtbaar voor jou',
    pinned: 'Vastgezet in dit kanaal',
    canvas: 'Canvas',
    roles: {
      admin: 'beheerder',
      member: 'lid van een partnerbibliotheek',
      english: 'English',
      unlinked: 'nieuw in Koers',
    },
    posted: (n: number) => `${n} ${n === 1 ? 'bericht' : 'berichten'} geplaatst`,
    download: 'Download',
    sendFile: 'Bestand sturen',
    sendFileHint: 'Beheerders: stuur hier het programmabestand (/project exporteer programma) terug.',
    noHome: 'Koers heeft deze Home nog niet gevuld.',
    nothing: 'Nog geen berichten.',
    optional: 'optioneel',
  },
  en: {
    workspace: 'Workspace',
    otherWorkspaceTitle: (name: string) => `A second workspace: ${name}`,
    otherWorkspaceText:
      'Koers is installed here on its own, with a programme, channels and messages of its own. Nothing you do here reaches the other workspace; switch with the Workspace list at the top.',
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
    composerHint: 'Enter sends. Try:',
    banner: (name: string, role: string) =>
      `Simulated Slack · you are ${name} (${role}) · move the time forward to see reminders`,
    welcomeTitle: 'Welcome to Koers',
    welcomeText:
      "Koers brings the Utrecht libraries' multi-year innovation programme into Slack: which projects run, which libraries take part, and when the next phase and deadline come. This is a simulated Slack on your own computer: what you do here goes to Koers and nowhere else.",
    welcomeTry: 'Three things to try (click one):',
    tryCommands: [
      ['/project status', 'every project, by status'],
      ['/project timeline', 'the phases and the next deadline'],
      ['/project feedback', 'the feedback form'],
    ] as [string, string][],
    welcomeReminder: 'Below, a reminder as Koers posts it in a channel; "Geef feedback" opens the form.',
    onlyYou: 'Only visible to you',
    pinned: 'Pinned in this channel',
    canvas: 'Canvas',
    roles: {
      admin: 'admin',
      member: 'member of a partner library',
      english: 'English',
      unlinked: 'new to Koers',
    },
    posted: (n: number) => `${n} ${n === 1 ? 'message' : 'messages'} posted`,
    download: 'Download',
    sendFile: 'Send a file',
    sendFileHint: 'Admins: send the programme file (/project export programme) back here.',
    noHome: 'Koers has not filled this Home yet.',
    nothing: 'No messages yet.',
    optional: 'optional',
  },
};

/** The commands the hint under the message field offers, in both languages alike. */
export const HINT_COMMANDS = ['/project help', '/project status', '/project feedback'];

export type Words = (typeof WORDS)['nl'];
