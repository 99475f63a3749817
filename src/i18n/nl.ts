import type { Subcommand } from '../domain/command.js';
import type { FeedbackFieldError } from '../domain/feedbackForm.js';
import type { FeedbackJudgement } from '../domain/forms.js';
import type { Refusal } from '../domain/permissions.js';
import type { PartnerRole, PhaseKind, ProjectStatus } from '../domain/programme.js';
import type { PhaseState } from '../domain/timeline.js';
import { adminsNl } from './adminsNl.js';
import { cliNl } from './cliNl.js';
import { programmeFileDmNl } from './programmeFileDmNl.js';

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
  archivedNote:
    'Gearchiveerd: dit project staat niet meer in de lijsten, op de Home en in de overzichten, en krijgt geen herinneringen. De geschiedenis blijft bewaard.',
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
  timesIn: (timezone: string) =>
    timezone === 'Europe/Amsterdam' ? 'Tijden in Nederlandse tijd.' : `Tijden in de tijdzone ${timezone}.`,
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
    ['/project feedback', 'je feedback op het plan geven (formulier)'],
    ['/project bijwerken ZOEKTERM', 'een update van een project doorgeven'],
    ['/project idee', 'een idee voor een nieuw project voorstellen'],
    ['/project ideeën', 'beheerders: de ideeën die op een besluit wachten, en wat niet bezorgd kon worden'],
    [
      '/project wijzigingen',
      'beheerders: de laatste wijzigingen van het programma, wie, wanneer en waarvandaan',
    ],
    ['/project ik-ben BIBLIOTHEEK', 'zeggen voor welke bibliotheek je spreekt'],
    ['/project herinneringen', 'de komende herinneringen in dit kanaal'],
    ['/project herinneringen log', 'beheerders: wat Koers verzond, per kanaal, met opnieuw proberen'],
    ['/project aanmelden [digest]', 'beheerders: dit kanaal herinneringen of het weekoverzicht geven'],
    ['/project afmelden [digest]', 'beheerders: dat weer stoppen'],
    ['/project koppel ZOEKTERM', 'beheerders: de updates van een project in dit kanaal plaatsen'],
    ['/project exporteer feedback FASE [csv]', 'beheerders: de feedback als Excel-bestand (of als CSV)'],
    [
      '/project overzicht [uit|aan]',
      'het overzicht van dit kanaal opnieuw plaatsen (beheerders: uit- of aanzetten)',
    ],
    ['/project exporteer programma', 'beheerders: het programmabestand, om aan te passen en terug te sturen'],
    [
      '/project beheerders [toevoegen|verwijderen @iemand]',
      'wie de beheerders zijn; beheerders: iemand beheerder maken of niet meer',
    ],
    ['/project agenda', 'de tijdlijn in je eigen agenda (Outlook, Google, Apple)'],
    ['/project stil 2w | tot DATUM | uit', 'even geen persoonlijke herinneringen van Koers'],
    ['/project help', 'deze hulp'],
  ] as ReadonlyArray<readonly [command: string, meaning: string]>,
  mutedUntil: (date: string) =>
    `Koers stuurt je tot en met ${date} geen persoonlijke herinneringen. Weer aan: \`/project stil uit\`.`,
  unmuted: 'Koers stuurt je weer persoonlijke herinneringen.',
  wasNotMuted: 'Je had Koers niet stilgezet: je krijgt persoonlijke herinneringen.',
  muteInvalid: {
    shape:
      'Hoe lang? Bijvoorbeeld `/project stil 2w`, `/project stil 10 dagen`, `/project stil tot 2028-08-31` of `/project stil uit`.',
    past: 'Die datum is al voorbij. Bijvoorbeeld: `/project stil tot 2028-08-31`.',
    tooLong: 'Stilzetten kan hoogstens een jaar. Bijvoorbeeld: `/project stil 4w`.',
  },
  alreadyShared: 'Dit antwoord staat al in het kanaal.',
  helpFooter: 'Antwoorden zijn alleen voor jou zichtbaar; deel ze met de knop in het kanaal.',
  working: 'Even zoeken…',
  homeHint: 'Vraag meer met `/project help`.',
  onlyAdmins:
    'Alleen beheerders van het programma kunnen aanmeldingen wijzigen. Vraag het de programmamanager.',
  onlyChannels:
    'Herinneringen gaan naar kanalen: gebruik dit commando in een kanaal, niet in een privébericht.',
  inviteBot:
    'Koers zit nog niet in dit privékanaal. Nodig de bot eerst uit met `/invite @Koers` en probeer het opnieuw.',
  subscribed: (digest: boolean): string =>
    digest
      ? 'Dit kanaal krijgt nu elke maandag om 9:00 het weekoverzicht.'
      : 'Dit kanaal krijgt nu de herinneringen bij elke fase van de tijdlijn. `/project herinneringen` toont de eerstvolgende.',
  alreadySubscribed: (digest: boolean): string =>
    digest ? 'Dit kanaal krijgt het weekoverzicht al.' : 'Dit kanaal krijgt de herinneringen al.',
  unsubscribed: (digest: boolean): string =>
    digest ? 'Dit kanaal krijgt het weekoverzicht niet meer.' : 'Dit kanaal krijgt geen herinneringen meer.',
  notSubscribed: (digest: boolean): string =>
    digest
      ? 'Dit kanaal krijgt het weekoverzicht niet. Een beheerder meldt het aan met `/project aanmelden digest`.'
      : 'Dit kanaal krijgt geen herinneringen. Een beheerder meldt het aan met `/project aanmelden`.',
  digestOnly:
    'Dit kanaal krijgt geen herinneringen bij de fasen, wel elke maandag om 9:00 het weekoverzicht. Een beheerder meldt het voor de herinneringen aan met `/project aanmelden`.',
  upcomingRemindersTitle: 'Komende herinneringen in dit kanaal',
  noUpcomingReminders: 'Er staan geen herinneringen meer gepland: alle fasen liggen achter ons.',
  reminderLine: (when: string, phase: string, days: string) => `• ${when} · *${phase}* (${days})`,
  daysBefore: (days: number): string =>
    days === 0 ? 'op de dag zelf' : days === 1 ? '1 dag ervoor' : `${days} dagen ervoor`,
  digestAlsoOn: 'Dit kanaal krijgt ook het weekoverzicht (maandag 9:00).',
  reminderTitle: (phase: string) => `Herinnering: ${phase}`,
  reminderAfterSubscribing: (when: string) =>
    `Deze herinnering stond gepland voor ${when}, voordat dit kanaal zich aanmeldde; daarom komt ze nu.`,
  daysLeft: (days: number): string =>
    days <= 0 ? '*Vandaag.*' : days === 1 ? 'Nog *1 dag*.' : `Nog *${days} dagen*.`,
  /** What a phase expects, when its description says nothing; `organisation` is the programme file's. */
  expectedByKind: {
    meeting: () => 'Zet het overleg in je agenda en bereid de agendapunten voor.',
    consultation: (organisation: string) =>
      `Plan het gesprek met ${organisation} in, als dat nog niet is gebeurd.`,
    feedback: () => 'Geef je feedback voor de deadline, zodat die in het plan meeweegt.',
    deadline: () => 'Zorg dat je bijdrage op tijd binnen is: na de deadline kan er niets meer bij.',
  } satisfies Record<PhaseKind, (organisation: string) => string>,
  notYetResponded: (libraries: string) => `*Nog geen reactie van:* ${libraries}`,
  viewTimeline: 'Bekijk tijdlijn',
  giveFeedback: 'Geef feedback',
  digestTitle: (programme: string) => `Weekoverzicht · ${programme}`,
  changesThisWeek: 'Veranderd in de afgelopen week',
  noChangesThisWeek: 'Geen nieuwe updates.',
  comingUp: 'Wat komt er aan',
  refusal: {
    adminsOnly: 'Dat mogen alleen de beheerders van het programma. Vraag het de programmamanager.',
    noLibrary:
      'Zeg eerst voor welke bibliotheek je spreekt: `/project ik-ben BIBLIOTHEEK` (of kies hem op de Home van Koers).',
    otherLibrary: 'Dat kan alleen namens je eigen bibliotheek.',
    libraryAlreadyChosen: 'Je bibliotheek is al gekozen. Een beheerder kan hem wijzigen.',
    othersAdminsOnly:
      'Alleen beheerders kunnen iemand anders aan een bibliotheek koppelen. Voor jezelf: `/project ik-ben BIBLIOTHEEK`.',
  } satisfies Record<Refusal, string>,
  // — feedback and who is who —
  feedbackModalTitle: 'Feedback',
  submit: 'Versturen',
  close: 'Sluiten',
  judgementName: {
    agree: 'Eens',
    agree_with_remarks: 'Eens, met opmerkingen',
    disagree: 'Oneens',
  } satisfies Record<FeedbackJudgement, string>,
  feedbackIntro: (phase: string, due: string) => `*${phase}*\nGraag uiterlijk ${due}.`,
  feedbackLate: 'De deadline is voorbij: je feedback wordt nog aangenomen, maar als te laat gemarkeerd.',
  feedbackClosed: (phase: string, due: string) =>
    `De feedback voor *${phase}* is gesloten sinds ${due}. Neem contact op met de programmamanager als je nog iets kwijt wilt.`,
  feedbackPrevious: (version: number) =>
    `Je hebt al feedback gegeven (versie ${version}). Die blijft bewaard; wat je nu verstuurt, telt vanaf nu.`,
  libraryLabel: 'Bibliotheek',
  judgementLabel: 'Je oordeel over het plan',
  remarksLabel: 'Opmerkingen',
  remarksHint: 'Verplicht bij "eens, met opmerkingen" en bij "oneens".',
  prioritiesLabel: 'Prioriteiten voor de komende jaren',
  prioritiesHint: (max: number) => `Kies er hoogstens ${max}.`,
  contactLabel: 'Contact',
  contactOption: 'Het programma mag contact met ons opnemen over deze feedback',
  fieldError: {
    libraryRequired: 'Kies de bibliotheek waarvoor je spreekt.',
    libraryUnknown: 'Deze bibliotheek hoort niet bij het programma.',
    judgementRequired: 'Kies je oordeel.',
    remarksRequired: 'Licht je oordeel toe: wat moet er anders?',
    remarksTooLong: 'Maximaal 3000 tekens; stuur een langere toelichting apart.',
    prioritiesUnknown: 'Een van de gekozen prioriteiten bestaat niet meer; kies opnieuw.',
    prioritiesTooMany: 'Kies hoogstens 10 prioriteiten.',
  } satisfies Record<FeedbackFieldError, string>,
  feedbackThanksTitle: 'Bedankt!',
  feedbackThanks: (library: string, phase: string, version: number, late: boolean) =>
    `Je feedback namens *${library}* op *${phase}* is opgeslagen${version > 1 ? ` (versie ${version}; eerdere versies blijven bewaard)` : ''}.${late ? ' Hij is als te laat gemarkeerd.' : ''}`,
  feedbackSummary: 'Samenvatting',
  formOutdated:
    'Dit formulier hoort niet (meer) bij een feedbackfase. Open het opnieuw vanuit de herinnering of met `/project feedback`.',
  formNotOpenedForYou:
    'Dit formulier is niet door Koers voor jou geopend; er is niets opgeslagen. Open het opnieuw met `/project`.',
  actionLate:
    'Koers kan dit nu niet opslaan of beantwoorden: de gegevens zijn even niet bereikbaar. Er gaat niets verloren: lukt het alsnog, dan zie je het hier; anders probeer je het over een minuut opnieuw.',
  saveFailed:
    'Koers kan nu niet opslaan, je invoer is bewaard: verstuur het formulier over een minuut opnieuw.',
  noFeedbackPhase: 'Er is geen feedbackfase gevonden. `/project tijdlijn` toont de fasen.',
  libraryChosen: (library: string) => `Je spreekt nu namens *${library}*.`,
  libraryChosenFor: (user: string, library: string) => `<@${user}> spreekt nu namens *${library}*.`,
  iamUnknownColleague: (mention: string) =>
    `Koers herkent “${mention}” niet als collega. Typ @ en kies de naam uit de lijst die Slack toont: \`/project ik-ben BIBLIOTHEEK @collega\`.`,
  iamUsage: 'Gebruik: `/project ik-ben BIBLIOTHEEK` (beheerders: `/project ik-ben BIBLIOTHEEK @collega`).',
  myLibraryTitle: 'Mijn bibliotheek',
  chooseLibrary: 'Voor welke bibliotheek spreek je? Kies hem hier (eenmalig).',
  chooseLibraryPlaceholder: 'Kies je bibliotheek',
  answered: 'beantwoord',
  notAnswered: 'nog niet beantwoord',
  nobodyToRemind: 'niemand om te herinneren',
  coverageTitle: (phase: string) => `Reacties · ${phase}`,
  coverageLine: (answered: number, total: number) =>
    `${answered} van de ${total} ${total === 1 ? 'bibliotheek' : 'bibliotheken'} heeft gereageerd.`,
  proposeIdeaHint: 'Een idee voor een nieuw project? `/project idee`',
  // — project updates and ideas —
  updateUsage: 'Gebruik: `/project bijwerken PROJECT`.',
  updateModalTitle: 'Project bijwerken',
  updateIntro: (project: string, status: string) => `*${project}*\nHuidige status: ${status}`,
  updateNoteLabel: 'Wat is er nieuw?',
  updateMilestoneLabel: 'Volgende mijlpaal',
  updateMilestoneHint: 'Niet verplicht: de dag van de volgende mijlpaal.',
  updateFieldError: {
    statusRequired: 'Kies de status van het project.',
    noteRequired: 'Schrijf kort wat er nieuw is.',
    noteTooLong: 'Maximaal 3000 tekens.',
    milestoneInvalid: 'Kies een geldige dag.',
    milestoneOutOfRange: 'Kies een dag die hoogstens tien jaar van vandaag ligt.',
    milestonePast: 'Die dag is al voorbij: kies vandaag of een dag erna voor de volgende mijlpaal.',
  },
  updateSavedTitle: 'Update opgeslagen',
  updateSaved: (project: string) => `Je update van *${project}* is opgeslagen.`,
  updatePostedIn: (channel: string) => `Hij wordt ook geplaatst in <#${channel}>.`,
  updateFormOutdated:
    'Dit formulier hoort niet (meer) bij een project; er is niets opgeslagen. Open het opnieuw met `/project bijwerken PROJECT`.',
  updatePostTitle: (project: string) => `Update: ${project}`,
  updatePostBy: (user: string) => `Bijgewerkt door <@${user}>`,
  noteLabel: 'Toelichting',
  nextMilestone: 'Volgende mijlpaal',
  linkUsage: 'Gebruik: `/project koppel PROJECT` in het kanaal waar de updates van het project moeten komen.',
  linkOnlyChannels:
    'Een project wordt aan een kanaal gekoppeld: gebruik dit commando in dat kanaal, niet in een privébericht.',
  linked: (project: string, channel: string) =>
    `*${project}* is gekoppeld aan <#${channel}>: nieuwe updates van het project komen hier. Is dit een privékanaal, nodig Koers dan uit met \`/invite @Koers\`.`,
  ideaModalTitle: 'Nieuw projectidee',
  ideaIntro: 'Stel een idee voor een nieuw project voor. De beheerders van het programma beslissen erover.',
  ideaTitleLabel: 'Titel',
  ideaDescriptionLabel: 'Beschrijving',
  ideaThemeLabel: 'Thema',
  ideaLibrariesLabel: 'Geïnteresseerde bibliotheken',
  ideaFieldError: {
    titleRequired: 'Geef het idee een titel.',
    titleTooLong: 'Maximaal 150 tekens.',
    descriptionRequired: 'Beschrijf het idee.',
    descriptionTooLong: 'Maximaal 3000 tekens.',
    themeTooLong: 'Maximaal 150 tekens.',
    librariesUnknown: 'Een van de gekozen bibliotheken hoort niet (meer) bij het programma; kies opnieuw.',
  },
  ideaSavedTitle: 'Idee ontvangen',
  ideaSaved: (title: string) =>
    `Je idee *${title}* is ontvangen. De beheerders krijgen het in een direct bericht en beslissen erover; Koers laat je weten wat het wordt.`,
  ideaAdminTitle: 'Nieuw projectidee',
  ideaProposedBy: (user: string) => `Voorgesteld door <@${user}>`,
  ideaApprove: 'Goedkeuren',
  ideaDecline: 'Afwijzen',
  ideaDeclineMenu: 'Afwijzen…',
  ideaDeclineTitle: 'Idee afwijzen?',
  ideaDeclineConfirm: (title: string, proposer: string) =>
    `*${title}* afwijzen? <@${proposer}> hoort het in een direct bericht. Dat kan niet ongedaan worden gemaakt.`,
  ideaApprovedBy: (user: string, slug: string) =>
    `✓ Goedgekeurd door <@${user}>: nu een project met status idee (\`/project status ${slug}\`).`,
  ideaDeclinedBy: (user: string) => `✗ Afgewezen door <@${user}>.`,
  ideaSameName: (projects: string) =>
    `Let op: er is al een project met deze naam: ${projects}. Wordt het idee goedgekeurd, dan komt er een tweede project bij, met een eigen slug.`,
  ideaApprovedSameName: (slug: string, projects: string) =>
    `Let op: het nieuwe project heet hetzelfde als ${projects}. Het nieuwe is \`/project status ${slug}\`; het andere bereik je met zijn eigen slug.`,
  ideaAlreadyDecided: 'Over dit idee was al beslist; er is niets veranderd.',
  ideaNotFound: 'Dit idee bestaat niet (meer).',
  ideaApprovedForProposer: (title: string, slug: string) =>
    `Goed nieuws: je idee *${title}* is goedgekeurd. Het staat nu als project met status idee in \`/project status ${slug}\`.`,
  ideaDeclinedForProposer: (title: string) =>
    `Je idee *${title}* is niet overgenomen. Vraag de programmamanager gerust waarom.`,
  pendingIdeasTitle: (count: number) => `Ideeën die wachten op een besluit (${count})`,
  noPendingIdeas: 'Er wachten geen ideeën op een besluit.',
  pendingIdeaBy: (user: string, when: string) => `Voorgesteld door <@${user}> op ${when}`,
  undeliveredTitle: 'Niet bezorgd',
  undeliveredLine: (what: string, to: string, error: string) =>
    `❌ ${what} aan ${to}: ${error}; Koers probeert het niet meer.`,
  owedKind: {
    idea_to_admin: 'Idee ter beslissing',
    idea_decision_to_proposer: 'Besluit over een idee',
    project_update_post: 'Projectupdate',
  } as Record<'idea_to_admin' | 'idea_decision_to_proposer' | 'project_update_post', string>,
  // — exports —
  exportUsage:
    'Gebruik: `/project exporteer feedback FASE` voor een Excel-bestand, `/project exporteer feedback FASE csv` voor CSV, `/project exporteer programma` voor het programmabestand (alleen voor beheerders).',
  exportChoosePhase: (phases: string) =>
    `Van welke feedbackfase? Gebruik \`/project exporteer feedback FASE\` met een van: ${phases}`,
  exportNoFeedbackPhases: 'Het programma heeft geen feedbackfasen: er is niets te exporteren.',
  exportUnknownPhase: (query: string, phases: string) =>
    `Geen feedbackfase gevonden voor “${query}”. De feedbackfasen: ${phases}`,
  exportNothingYet: (phase: string) => `Er is nog geen feedback op *${phase}*: er is niets te exporteren.`,
  exportOnItsWay: (phase: string, count: number, format: 'xlsx' | 'csv') =>
    `De export van de feedback op *${phase}* (${count === 1 ? '1 antwoord' : `${count} antwoorden`}) is onderweg: Koers stuurt je het ${format === 'csv' ? 'CSV-bestand' : 'Excel-bestand'} in een privébericht.`,
  exportFileTitle: (phase: string) => `Feedback · ${phase}`,
  exportFileComment: (phase: string, count: number) =>
    `De feedback op *${phase}*: ${count === 1 ? '1 antwoord' : `${count} antwoorden`}, per persoon de nieuwste versie, op volgorde van bibliotheek.`,
  exportFailed: 'Het versturen van de export lukte niet. Probeer het over een minuut opnieuw.',
  exportMissingScope:
    'Het versturen van de export lukte niet: Koers mist de rechten `files:write` en `im:write`. Installeer de app opnieuw met het bijgewerkte manifest.',
  // — the calendar feed —
  calendarTitle: 'De tijdlijn in je agenda',
  calendarIntro:
    'Abonneer je op de agenda van het programma: elke fase komt in je eigen agenda, en verschuift mee als de planning verandert.',
  calendarHttpsLabel: 'Adres',
  calendarWebcalLabel: 'Of, om met één klik te abonneren',
  calendarHowTo: [
    '*Outlook*: Agenda → Agenda toevoegen → Abonneren vanaf internet; plak het adres.',
    "*Google Agenda*: Andere agenda's → + → Via URL; plak het adres (Google ververst het een paar keer per dag).",
    '*Apple Agenda*: Archief → Nieuw agenda-abonnement; plak het adres, of tik op iPhone of iPad op de webcal-link.',
  ] as ReadonlyArray<string>,
  calendarKeepSecret: 'Wie het adres heeft, kan de agenda lezen: deel het alleen binnen het programma.',
  calendarNoPublicUrl:
    'De agenda is er, maar Koers kent zijn eigen openbare adres nog niet. Een beheerder moet `PUBLIC_URL` instellen (het https-adres waarop Koers bereikbaar is); daarna toont `/project agenda` de links.',
  calendarKeyChanged:
    'Het agenda-adres kan nu niet worden getoond: de sleutel waarmee Koers het maakt, is veranderd. Een beheerder maakt een nieuw adres met `npm run koers -- calendar rotate`.',
  calendarDescription: (organisation: string) => `De fasen van het programma van ${organisation}, uit Koers.`,
  calendarPlanLabel: (label: string) => `In het plan: ${label}`,
  calendarKind: (kind: string) => `Soort: ${kind}`,
  calendarHowToFeedback: (phaseId: string) =>
    `Feedback geven: typ /project feedback ${phaseId} in Slack, of gebruik de knop "Geef feedback" onder de herinnering.`,
  share: 'Delen in kanaal',
  sharedBy: (userId: string) => `Gedeeld door <@${userId}>`,
  more: 'Meer tonen',
  page: (shown: number, total: number) => `${shown} van ${total} getoond`,
  databaseUnavailable:
    'Koers kan de programmagegevens nu niet bereiken. Probeer het over een minuut opnieuw.',
  somethingWentWrong:
    'Er ging iets mis bij het beantwoorden. Probeer het opnieuw; blijft het misgaan, meld het de beheerder.',
  inputTooLong: (max: number) => `Die zoekterm is te lang (maximaal ${max} tekens).`,
  shareFailed: 'Delen lukte niet: het antwoord kon niet in het kanaal worden geplaatst.',
  // — delivery log (admins) —
  deliveryLogTitle: 'Verzonden herinneringen en weekoverzichten',
  deliveryLogAdminsOnly:
    'Alleen beheerders van het programma zien wat Koers verzond. Vraag het de programmamanager.',
  deliveryLogEmpty: 'Koers heeft nog niets verzonden, overgeslagen of zien mislukken.',
  deliveryLogUsage:
    'Gebruik `/project herinneringen` voor wat komt, of `/project herinneringen log` voor wat verzonden is.',
  deliveryReminder: (phase: string, days: string) => `Herinnering *${phase}* (${days})`,
  deliveryDigest: 'Weekoverzicht',
  deliveryNudge: (phase: string) => `Persoonlijke herinnering *${phase}*`,
  nudgeFeedbackTitle: (phase: string) => `Jullie feedback ontbreekt nog: ${phase}`,
  nudgeFeedbackBody: (library: string, date: string) =>
    `Van ${library} is nog geen feedback binnen. De deadline is ${date}.`,
  nudgeUpdateTitle: (phase: string) => `Projectupdate gevraagd voor ${phase}`,
  nudgeUpdateBody: (library: string, date: string, projects: string) =>
    `Voor deze projecten van ${library} is er dit kwartaal nog geen update (deadline ${date}):\n${projects}\nGeef een update met \`/project update\`.`,
  nudgeGiveUpdate: 'Geef een update',
  nudgeChooseProject: 'Kies een project om bij te werken',
  nudgeProjectGone:
    'Dit project staat niet meer in het programma; er valt niets bij te werken. `/project status` toont de projecten van nu.',
  nudgeWhy:
    'Je krijgt dit bericht omdat je bij deze bibliotheek hoort. `/project stil 2w` zet berichten van Koers twee weken stil.',
  nudgeWhyContact:
    'Je krijgt dit bericht als contactpersoon van de bibliotheek: nog niemand heeft gezegd erbij te horen. Hoor je erbij, zeg het dan met `/project ik-ben`. `/project stil 2w` zet berichten van Koers twee weken stil.',
  deliverySent: 'verzonden',
  deliveryFailed: (error: string) => `mislukt: \`${error}\``,
  deliveryGivenUp: (error: string) =>
    `opgegeven: Slack kreeg het bericht misschien, maar het kanaal kon niet worden nagekeken (\`${error}\`); opnieuw proberen kijkt eerst in het kanaal`,
  deliverySkipped: (reason: string) => `overgeslagen: ${reason}`,
  skipReasonMissed: 'te laat na een storing',
  skipReasonBeforeSubscription: 'was al voorbij toen dit kanaal zich aanmeldde',
  skipReasonQuietPeriod: (period: string) =>
    `viel in de stilteperiode ${period}, en de fase was daarna voorbij`,
  skipReasonMuted: 'de ontvanger heeft berichten van Koers even stilgezet',
  skipReasonSuperseded: 'een latere herinnering van dezelfde fase ging in de plaats',
  deliveryOlder: (count: number) => (count === 1 ? 'en 1 eerdere' : `en ${count} eerdere`),
  deliveryMoreChannels: (count: number) =>
    count === 1 ? 'Nog 1 kanaal niet getoond.' : `Nog ${count} kanalen niet getoond.`,
  retry: 'Opnieuw proberen',
  retrySent: (channel: string) => `Opnieuw verzonden naar ${channel}.`,
  retryFailed: (channel: string, error: string) =>
    `Opnieuw proberen naar ${channel} mislukte weer: \`${error}\`.`,
  retryQueued: (channel: string) =>
    `Slack gaf tijdelijk geen gehoor; Koers probeert het naar ${channel} binnen een minuut opnieuw.`,
  retryNotFailed:
    'Die verzending staat niet (meer) op mislukt: ze is al opnieuw geprobeerd. Er is niets verzonden.',
  admin: {
    title: 'Programma beheren',
    intro: 'Alleen voor beheerders: wat het programmabestand bevat, hier te wijzigen.',
    section: { phase: 'Fase', project: 'Project', library: 'Bibliotheek' },
    add: { phase: 'Fase toevoegen', project: 'Project toevoegen', library: 'Bibliotheek toevoegen' },
    edit: 'Bewerken',
    remove: 'Verwijderen',
    finish: 'Markeer als afgerond',
    archive: 'Archiveren',
    unarchive: 'Terughalen uit het archief',
    archived: 'gearchiveerd',
    next: 'Volgende',
    previous: 'Vorige',
    range: (from: number, to: number, total: number) => `${from}–${to} van ${total}`,
    modalTitle: { phase: 'Fase', project: 'Project', library: 'Bibliotheek' },
    save: 'Opslaan',
    removeSubmit: 'Verwijderen',
    removeTitle: 'Verwijderen?',
    removeConfirm: (name: string) =>
      `*${name}* verwijderen uit het programma? Dat kan niet ongedaan worden gemaakt; de wijziging komt in de geschiedenis.`,
    field: {
      id: 'Kenmerk (id)',
      title: 'Titel',
      label: 'Label (bijvoorbeeld "medio september")',
      kind: 'Soort',
      start: 'Begindatum',
      end: 'Einddatum',
      date: 'Datum',
      reminders: 'Herinneringen (dagen vooraf, bijvoorbeeld 14, 7, 1)',
      description: 'Omschrijving',
      slug: 'Kenmerk (slug)',
      name: 'Naam',
      status: 'Status',
      lead: 'Trekker',
      partners: 'Partnerbibliotheken',
      code: 'Code',
      aliases: 'Andere namen (met komma’s ertussen)',
      contacts: 'Contactpersonen',
    } as Record<string, string>,
    contactsHint:
      'Zolang niemand heeft gezegd bij deze bibliotheek te horen (`/project ik-ben`), krijgen zij de herinneringen aan wat de bibliotheek nog moet doen.',
    keyHint: 'Kleine letters, cijfers en streepjes, bijvoorbeeld "feedbackronde-2"; later niet te wijzigen.',
    remindersHint: 'Leeg: de standaard voor de soort; "geen": geen herinneringen.',
    noReminders: 'geen',
    formError: {
      required: 'Vul dit in.',
      remindersShape: 'Schrijf de dagen vooraf als getallen met komma’s ertussen, bijvoorbeeld 14, 7, 1.',
    },
    exists: 'Dat kenmerk bestaat al in het programma.',
    changedBySomeoneElse:
      'Door iemand anders gewijzigd sinds je het opende. Er is niets opgeslagen; open het opnieuw om verder te gaan. Nu staat er:',
    gone: 'Dit staat niet meer in het programma: iemand anders heeft het intussen verwijderd. Er is niets opgeslagen.',
    ideaDecided:
      'Over dit idee is intussen al besloten (door een andere beheerder); er is geen project van gemaakt.',
    toProject: 'Maak er een project van',
    otherProblems: 'Dan klopt het programma elders niet meer:',
    changedTitle: 'Programma gewijzigd',
    moreChanges: 'Meer wijzigingen: `/project wijzigingen`.',
    changesTitle: 'Laatste programmawijzigingen',
    noChanges: 'Het programma is nog niet gewijzigd.',
    source: { modal: 'in Slack', file: 'bestand', cli: 'opdrachtregel' } as Record<string, string>,
    changeHead: (when: string, who: string, source: string) => `*${when}* · ${who} · ${source}`,
    added: 'toegevoegd',
    changed: 'gewijzigd',
    removed: 'verwijderd',
  },
  overview: {
    title: (programme: string) => `Overzicht · ${programme}`,
    fallback: (programme: string) => `Het overzicht van ${programme}: fasen, projecten en wat nog openstaat.`,
    nothingNow: 'Er loopt nu geen fase.',
    projectsTitle: 'Projecten per status',
    openTitle: 'Wat nog openstaat, per bibliotheek',
    allDone: 'Alle bibliotheken zijn bij: niets staat open.',
    feedbackOwed: (phases: string) => `feedback op ${phases}`,
    updateDue: (projects: string) => `een update van ${projects}`,
    quarterHint: (since: string) => `Een update telt als hij sinds ${since} is gegeven.`,
    moreLibraries: (count: number) =>
      `En ${count} ${count === 1 ? 'bibliotheek' : 'bibliotheken'} meer met iets open.`,
    andMore: (count: number) => `en ${count} meer`,
    footer: 'Koers houdt dit bericht bij. `/project overzicht` plaatst het opnieuw.',
    reposted: 'Koers plaatst het overzicht zo opnieuw in dit kanaal en zet het vast.',
    switchedOff:
      'Koers houdt in dit kanaal geen overzicht meer bij. `/project overzicht aan` zet het weer aan.',
    switchedOn: 'Koers houdt in dit kanaal weer het overzicht bij en zet het vast.',
    notSubscribed:
      'Dit kanaal heeft geen overzicht: het is niet aangemeld. Een beheerder meldt het aan met `/project aanmelden`.',
    isOff: 'Het overzicht staat in dit kanaal uit. Een beheerder zet het aan met `/project overzicht aan`.',
    onlyAdmins:
      'Alleen beheerders van het programma kunnen het overzicht aan- of uitzetten. Vraag het de programmamanager.',
    usage: 'Gebruik: `/project overzicht` (opnieuw plaatsen) of `/project overzicht uit|aan`.',
  },
  cli: cliNl,
  programmeFileDm: programmeFileDmNl,
  admins: adminsNl,
  /** The subcommand word a user of this language types, in a suggestion or an example. */
  commandWord: (name: Subcommand): string => DUTCH_COMMAND_WORDS[name] ?? name,
};

/** Where the Dutch word differs from the canonical (English) one that every language accepts. */
const DUTCH_COMMAND_WORDS: Partial<Record<Subcommand, string>> = {
  overview: 'overzicht',
  timeline: 'tijdlijn',
  update: 'bijwerken',
  link: 'koppel',
  admins: 'beheerders',
};

export type Catalogue = typeof nl;
