import type { PartnerRole, PhaseKind, ProjectStatus } from '../domain/programme.js';
import type { PhaseState } from '../domain/timeline.js';

/** Dutch, the programme's own language and the default. Every user-facing string lives here. */
export const nl = {
  status: {
    running: 'Lopend',
    idea: 'Idee',
    paused: 'Gepauzeerd',
    completed: 'Afgerond',
  } satisfies Record<ProjectStatus, string>,
  role: { lead: 'trekker', partner: 'partner' } satisfies Record<PartnerRole, string>,
  phaseKind: {
    meeting: 'overleg',
    consultation: 'gesprekken',
    feedback: 'feedback',
    deadline: 'deadline',
  } satisfies Record<PhaseKind, string>,
  phaseState: {
    past: 'voorbij',
    current: 'nu bezig',
    next: 'volgende',
    upcoming: 'gepland',
  } satisfies Record<PhaseState, string>,
  allLibraries: 'alle bibliotheken',
  noPartners: 'nog geen partners',
  statusTitle: (programme: string) => `Projecten · ${programme}`,
  projectCount: (count: number) => (count === 1 ? '1 project' : `${count} projecten`),
  partnersLabel: 'Partners',
  statusLabel: 'Status',
  descriptionLabel: 'Omschrijving',
  latestUpdates: 'Laatste updates',
  noUpdates: 'Nog geen updates.',
  partnersTitle: 'Bibliotheken en hun projecten',
  forAllTitle: 'Voor alle bibliotheken',
  noProjects: 'Geen projecten.',
  timelineTitle: (programme: string) => `Tijdlijn · ${programme}`,
  countdown: (days: number, title: string, date: string) =>
    days === 0
      ? `*Vandaag* is de deadline: ${title} (${date}).`
      : `Nog *${days} ${days === 1 ? 'dag' : 'dagen'}* tot ${title} (${date}).`,
  noDeadline: 'Geen komende deadline: alle fasen liggen achter ons.',
  timesIn: (timezone: string) => `Data in tijdzone ${timezone}.`,
  choices: (subject: 'project' | 'library', query: string) =>
    `Meerdere ${subject === 'project' ? 'projecten' : 'bibliotheken'} passen bij “${query}”:`,
  choicesHint: (example: string) => `Typ er één precies, bijvoorbeeld \`${example}\`.`,
  notFound: (subject: 'project' | 'library', query: string) =>
    `Geen ${subject === 'project' ? 'project' : 'bibliotheek'} gevonden voor “${query}”.`,
  didYouMean: 'Bedoelde je:',
  listAllHint: (command: string) => `\`${command}\` toont ze allemaal.`,
  detailHint: 'Meer over één project: `/project status ZOEKTERM`.',
  noProgramme:
    'Er is nog geen programma ingeladen. Een beheerder zet het erin met `npm run koers -- import PROGRAMMA.yml`.',
  helpTitle: 'Koers: het innovatieprogramma in Slack',
  unknownCommand: (word: string) => `Onbekend commando “${word}”.`,
  suggestCommand: (command: string) => `Bedoelde je \`${command}\`?`,
  helpLines: [
    ['/project status', 'alle projecten per status'],
    ['/project status ZOEKTERM', 'één project: omschrijving, partners, laatste updates'],
    ['/project partners', 'alle bibliotheken met hun projecten'],
    ['/project partners BIBLIOTHEEK', 'de projecten en rollen van één bibliotheek'],
    ['/project tijdlijn', 'de fasen van het plan en de volgende deadline'],
    ['/project help', 'deze hulp'],
  ] as ReadonlyArray<readonly [command: string, meaning: string]>,
  helpFooter: 'Antwoorden zijn alleen voor jou zichtbaar; deel ze met de knop in het kanaal.',
  working: 'Even zoeken…',
  homeHint: 'Vraag meer met `/project help`.',
  share: 'Delen in kanaal',
  sharedBy: (userId: string) => `Gedeeld door <@${userId}>`,
  more: 'Meer tonen',
  page: (shown: number, total: number) => `${shown} van ${total} getoond`,
  databaseUnavailable: 'Koers kan de programmagegevens nu niet bereiken. Probeer het over een minuut opnieuw.',
  somethingWentWrong: 'Er ging iets mis bij het beantwoorden. Probeer het opnieuw; blijft het misgaan, meld het de beheerder.',
  inputTooLong: (max: number) => `Die zoekterm is te lang (maximaal ${max} tekens).`,
  shareFailed: 'Delen lukte niet: het antwoord kon niet in het kanaal worden geplaatst.',
};

export type Catalogue = typeof nl;
