import type { DiffEntity } from '../domain/programmeDiff.js';
import type { FileEncodingProblem } from '../domain/programmeFileBytes.js';
import { configNl } from './configNl.js';
import { programmeFileNl } from './programmeFileNl.js';

/** The CLI's words in Dutch (the master; `cliEn.ts` must match). Part of the catalogue as `cli`. */
export const cliNl = {
  usage: `Gebruik: npm run koers -- <commando> [opties]

Commando's:
  migrate                 de databasemigraties uitvoeren
  import BESTAND.yml [--check] [--prune]
                          een programmabestand inladen (bijwerken; --prune verwijdert ook wat het bestand
                          niet meer noemt; --check toont alleen wat er zou veranderen en schrijft niets)
  export BESTAND.yml [--force]
                          het programma naar een bestand schrijven ('-' voor de standaarduitvoer)
  rename-project OUD NIEUW
                          een project een nieuwe slug geven; geschiedenis, partners en kanaal blijven
  changes                 de laatste wijzigingen van het programma: wie, wanneer, waarvandaan, wat
  status [ZOEKTERM]       alle projecten per status, of één project
  partners [ZOEKTERM]     alle bibliotheken met hun projecten, of één bibliotheek
  timeline                de fasen en de volgende deadline
  reminders preview [--from ISO] [--to ISO]
                          de geplande herinneringen met hun tijdstip en kanalen
  reminders run --at ISO [--dry-run]
                          één ronde van de planner alsof de klok dat tijdstip aanwees; toont wat er verstuurd is
                          (--dry-run: wat er verstuurd zou worden, herinneringen, weekoverzichten en
                          persoonlijke herinneringen; schrijft niets)
  subscribe KANAAL_ID [--digest]
                          een kanaal aanmelden voor de herinneringen (of het weekoverzicht)
  unsubscribe KANAAL_ID [--digest]
  forget user GEBRUIKER_ID
                          wissen wat Koers over een Slack-gebruiker (U…) bewaart (zie SECURITY.md)
  forget library CODE     een bibliotheek wissen met haar feedback en de keuzes van haar leden
  export-feedback [--phase ID] [--format csv|json|xlsx] [--out BESTAND [--force]] [--bom]
                          de feedback die telt op een feedbackfase (per persoon de nieuwste), als CSV
                          (standaard), JSON of Excel-werkmap (xlsx, met --out); --bom zet een byte order
                          mark voor de CSV, zodat Excel UTF-8 leest; --phase: het id of een woord uit de titel,
                          mag weg bij één feedbackfase
  calendar url            het adres van de agenda-feed (PUBLIC_URL/calendar/<token>.ics), gemaakt bij het eerste gebruik
  calendar rotate         een nieuw adres voor de feed; het oude geeft vanaf dan 404
  ideas                   de ideeën die op een besluit wachten, en de berichten die niet bezorgd konden worden
  purge --team T… [--force]
                          de gegevens van een werkruimte nu wissen: haar programma, mensen, antwoorden,
                          geschiedenis en installatie (alleen als Koers er verwijderd is; --force: toch)

Opties:
  --team T…               (installatie via OAuth) de werkruimte waarvan het commando het programma leest
                          of schrijft: haar team-id (T…), of E… voor een installatie in een hele organisatie
  --lang nl|en            taal van de antwoorden (standaard: DEFAULT_LOCALE)
  --force                 een bestaand bestand overschrijven (export, --out); zonder blijft het staan
  --at ISO-DATUM          antwoorden alsof het vandaag die dag is (timeline)

De database is DATABASE_URL als die gezet is, anders de ingebouwde in DATA_DIR (zie README.md).`,
  seeUsage: 'Zie `npm run koers -- help`.',
  unknownCommand: (command: string, suggestion: string | null) =>
    `Onbekend commando "${command}".${suggestion ? ` Bedoel je "${suggestion}"? (npm run koers -- ${suggestion})` : ''}`,
  unknownOption: (detail: string) => `Onbekende optie: ${detail}`,
  needsFile: 'Dit commando heeft een bestandsnaam nodig.',
  cannotRead: (path: string, reason: string) => `Kan ${path} niet lezen: ${reason}`,
  readProblems: {
    ENOENT: 'dat bestand bestaat niet',
    EACCES: 'je hebt geen leesrechten',
    EISDIR: 'dat is een map, geen bestand',
    notAFile: 'dat is geen gewoon bestand maar een apparaat, pipe of socket',
  },
  outExists: (path: string) =>
    `${path} bestaat al; er is niets geschreven. Kies een andere naam, of overschrijf het met --force.`,
  cannotWrite: (path: string, reason: string) => `Kan niet schrijven naar ${path}: ${reason}`,
  writeProblems: {
    EISDIR: 'dat is een map; geef een bestandsnaam',
    ENOENT: 'de map waarin het moet komen bestaat niet',
    EACCES: 'je hebt daar geen schrijfrechten',
    ENOTDIR: 'een deel van het pad is een bestand, geen map',
  },
  optionNeedsValue: (option: string) => `${option} heeft een waarde nodig.`,
  optionTakesNoValue: (option: string) => `${option} heeft geen waarde.`,
  langMustBe: (locales: string) => `--lang moet een van deze zijn: ${locales}.`,
  atMustBe: (text: string) => `--at, --from en --to moeten een ISO-datum of -tijdstip zijn, niet "${text}".`,
  migrated: (kind: string, location: string, throughPid?: number, workspace?: string) =>
    `Migraties uitgevoerd (${kind}: ${location}${throughPid === undefined ? '' : `, via het draaiende Koers-proces met pid ${throughPid}`}${workspace === undefined ? '' : `, werkruimte ${workspace}`}).`,
  /** What is wrong with each variable, read with these words. */
  config: configNl,
  configProblems: (problems: string[]) =>
    `De configuratie heeft ${problems.length === 1 ? 'een probleem' : 'problemen'}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nZie README.md, sectie "Environment".`,
  dataDirBusy: (dataDir: string, pid: number) =>
    `De ingebouwde database in ${dataDir} is in gebruik door een ander Koers-proces (pid ${pid}), dat de CLI niet binnenlaat. Stop dat proces eerst, of laat beide dezelfde PostgreSQL-server gebruiken met DATABASE_URL.`,
  unexpectedError: (message: string) => `koers: onverwachte fout: ${message}`,
  // — workspaces (OAuth) —
  unknownTeam: (team: string, installed: string) =>
    `Koers is niet geïnstalleerd in werkruimte "${team}". ${installed}`,
  /** The installed workspaces, one a line (`  T0123  Name`); `listed` is empty when there are none. */
  installedTeams: (listed: string) =>
    listed === '' ? 'Deze database heeft geen installaties.' : `Geïnstalleerd:\n${listed}`,
  teamNeeded: (installed: string) =>
    `Koers is hier via OAuth geïnstalleerd: elke werkruimte heeft haar eigen programma. Noem er een met --team. ${installed}`,
  teamNotInstalled: (workspace: string) =>
    `Koers is niet meer geïnstalleerd in ${workspace}: er is geen bottoken om mee te posten. Er is niets verstuurd.`,
  teamTokenExpired: (workspace: string) =>
    `Het bottoken van ${workspace} is verlopen. De app vernieuwt het vóór haar eigen berichten; de CLI doet dat niet. Laat de app de herinneringen sturen, of probeer het opnieuw zodra de app het vernieuwde. Er is niets verstuurd.`,
  purgeNeedsTeam: 'purge heeft --team T… nodig: de werkruimte waarvan de gegevens gewist worden.',
  stillInstalled: (workspace: string) =>
    `Koers is nog geïnstalleerd in ${workspace}: er is niets gewist. Verwijder Koers eerst uit die werkruimte, of wis toch met --force (Koers werkt daar dan niet meer tot een nieuwe installatie).`,
  purged: (workspace: string) =>
    `De gegevens van ${workspace} zijn gewist: het programma, de mensen, antwoorden en geschiedenis, en de installatie.`,
  // — import and export —
  notImported: (path: string) => `${path} is niet ingeladen; er is niets veranderd:`,
  /** What is wrong inside a programme file, line by line. */
  programmeFile: programmeFileNl,
  encoding: (problem: FileEncodingProblem): string => {
    const saveAs = 'Sla het op als UTF-8-tekst (YAML) en probeer het opnieuw.';
    switch (problem.kind) {
      case 'tooLarge':
        return `Het bestand is ${megabytes(problem.bytes)} MB; een programmabestand is hoogstens ${megabytes(problem.maxBytes)} MB.`;
      case 'utf16':
        return `Dit bestand is UTF-16 ("Unicode" in Kladblok). ${saveAs}`;
      case 'windows1252':
        return `Dit bestand is Windows-1252 ("ANSI"), geen UTF-8: "${problem.character}" op regel ${problem.line}. ${saveAs}`;
      case 'zip':
        return `Dit is een Word- of zip-bestand, geen tekst. ${saveAs}`;
      case 'binary':
        return `Dit is een binair bestand, geen tekst. ${saveAs}`;
    }
  },
  imported: (path: string) => `${path}: ingeladen.`,
  importedNoChanges: (path: string) => `${path}: ingeladen, niets veranderd.`,
  checked: (path: string) => `${path}: controle; er is niets geschreven. Inladen zou:`,
  checkedNoChanges: (path: string) => `${path}: controle; inladen zou niets veranderen.`,
  /** Which database a command reads and writes, so that the playground's is never taken for the app's. */
  usingDatabase: (kind: 'pglite' | 'postgres', location: string, throughPid?: number, workspace?: string) =>
    `${
      kind === 'postgres'
        ? `Database: PostgreSQL, ${location}`
        : `Database: ingebouwd, ${location}${throughPid === undefined ? '' : `, via het draaiende Koers-proces met pid ${throughPid}`}`
    }${workspace === undefined ? '' : `; werkruimte ${workspace}`}.`,
  noDatabaseYet: (location: string) =>
    `Er is nog geen database in ${location}: vergeleken met een lege; er is niets aangemaakt.`,
  programmeChanged: (fields: string) => `programma: gewijzigd (${fields})`,
  entity: {
    libraries: 'bibliotheken',
    projects: 'projecten',
    phases: 'fasen',
    updates: 'updates',
  } satisfies Record<DiffEntity, string>,
  counts: (added: number, changed: number, removed: number, prune: boolean) =>
    `${added} toegevoegd, ${changed} gewijzigd, ${removed} ${prune ? 'verwijderd' : 'niet in het bestand (blijven staan)'}`,
  added: 'toegevoegd',
  changed: 'gewijzigd',
  removed: 'verwijderd',
  absent: 'niet in het bestand (blijft staan; --prune verwijdert het)',
  orderField: 'volgorde',
  projectField: 'project',
  likelyRename: (from: string, to: string, name: string) =>
    `Let op: "${to}" lijkt een nieuwe naam voor "${from}" (${name}). Als dat zo is: eerst \`npm run koers -- rename-project ${from} ${to}\`, dan houdt het project zijn geschiedenis, abonnementen en kanaal. Anders wordt het een tweede project.`,
  exported: (path: string) => `Programma geschreven naar ${path}.`,
  noProgrammeToExport: 'Er is nog geen programma om te exporteren: laad er eerst een in.',
  noProgramme: 'Er is nog geen programma: laad er eerst een in.',
  calendarNeeds: 'calendar heeft "url" of "rotate" nodig.',
  calendarRotated: 'Er is een nieuw agenda-adres gemaakt; het oude geeft vanaf nu 404.',
  calendarNoPublicUrl:
    'PUBLIC_URL is niet gezet: dit is het pad op het eigen adres van Koers. Zet PUBLIC_URL op het openbare https-adres van Koers (README.md, "Environment") voor het volledige adres.',
  calendarKeyChanged:
    'Het agenda-adres kan niet worden getoond: SLACK_SIGNING_SECRET is veranderd sinds het adres is gemaakt (het oude adres werkt nog). Voer "npm run koers -- calendar rotate" uit voor een nieuw adres.',
  // — renames —
  renameNeeds:
    'rename-project heeft de oude en de nieuwe slug nodig, bijvoorbeeld: rename-project ehealth e-health',
  renamed: (from: string, to: string) =>
    `Project ${from} heet nu ${to}; geschiedenis, partners, feedbackprioriteiten en gekoppeld kanaal zijn meegegaan. Zet ook in het programmabestand slug: ${to}.`,
  renameInvalidSlug: (to: string) =>
    `"${to}" is geen geldige slug: gebruik kleine letters, cijfers en enkele streepjes, bijvoorbeeld social-crm.`,
  renameUnknownProject: (from: string) => `Er is geen project met slug "${from}".`,
  renameSlugTaken: (to: string) => `Er is al een project met slug "${to}".`,
  // — reminders —
  remindersNeedsAction: 'reminders heeft "preview" of "run" nodig.',
  runNeedsAt: 'reminders run heeft --at ISO nodig (het tijdstip van de ronde).',
  remindersPlanned: (count: number, channels: string) =>
    `${count === 1 ? '1 herinnering' : `${count} herinneringen`}; kanalen: ${channels}`,
  noChannels: '(geen kanaal aangemeld)',
  movedByQuietPeriod: (period: string, day: string) => `(verschoven uit stilteperiode ${period}, was ${day})`,
  skippedByQuietPeriod: (period: string) => `(vervalt: stilteperiode ${period} duurt tot na de fase)`,
  wouldSend: 'zou versturen',
  sent: 'verstuurd',
  skipped: 'overgeslagen',
  failed: 'mislukt',
  retryLater: 'later opnieuw',
  tickSummary: (sent: number, skipped: number, failed: number, retrying: number, dryRun: boolean) =>
    `${sent} ${dryRun ? 'zou versturen' : 'verstuurd'}, ${skipped} overgeslagen, ${failed} mislukt, ${retrying} later opnieuw.`,
  outcomeUnknown: 'onzeker (Slack heeft het misschien; de volgende ronde kijkt eerst in het kanaal)',
  notRecorded: (count: number) =>
    `De database viel weg: van ${count === 1 ? '1 bezorging' : `${count} bezorgingen`} kon de uitkomst niet worden vastgelegd. ` +
    'Wat Slack al kreeg, staat in het kanaal; de volgende ronde (van de app of `reminders run`) vindt het daar, legt het vast ' +
    'en verstuurt niets twee keer. Dat kan pas als de claim verlopen is (5 minuten).',
  notRecordedItem: (outcome: 'sent' | 'failed' | 'retrying' | 'unknown' | 'released') =>
    ({
      sent: 'verstuurd, nog niet vastgelegd',
      failed: 'mislukt, nog niet vastgelegd',
      retrying: 'later opnieuw, nog niet vastgelegd',
      unknown: 'onzeker, nog niet vastgelegd',
      released: 'niet geprobeerd',
    })[outcome],
  databaseAwayRun: (reason: string) =>
    `De database gaf geen antwoord (${reason}); deze ronde heeft niets verstuurd. Probeer het opnieuw als de database er weer is: ` +
    'wat al verstuurd was, wordt niet nog eens verstuurd.',
  // — subscriptions —
  channelIdNeeded: (command: string) => `${command} heeft een kanaal-id nodig, zoals C012AB3CD.`,
  subscribedTo: (channel: string, digest: boolean) =>
    `${channel} is aangemeld voor ${digest ? 'het weekoverzicht' : 'de herinneringen'}.`,
  unsubscribedFrom: (channel: string, digest: boolean) =>
    `${channel} is afgemeld voor ${digest ? 'het weekoverzicht' : 'de herinneringen'}.`,
  nothingToChange: (channel: string) => `${channel}: er is niets te veranderen.`,
  // — ideas —
  pendingIdeas: (count: number) => `Ideeën die wachten op een besluit: ${count}`,
  pendingIdea: (id: number, title: string, by: string, when: string) =>
    `  #${id} ${title} (voorgesteld door ${by}, ${when})`,
  undelivered: (count: number) => `Niet bezorgd (Koers probeert het niet meer): ${count}`,
  undeliveredMessage: (id: number, what: string, to: string, error: string) =>
    `  #${id} ${what} aan ${to}: ${error}`,
  // — forget —
  forgetNeeds: 'forget heeft "user GEBRUIKER_ID" of "library CODE" nodig.',
  notAUserId: (id: string) =>
    `"${id}" is geen Slack-gebruikers-id: zo'n id begint met U of W, bijvoorbeeld U012AB3CD (in Slack: profiel → ⋮ → Lid-ID kopiëren).`,
  noSuchLibrary: (code: string) => `Er is geen bibliotheek ${code}.`,
  forgotUser: (id: string) => `Gebruiker ${id} vergeten:`,
  forgotLibrary: (code: string) => `Bibliotheek ${code} vergeten:`,
  forgetItems: {
    'feedback responses deleted': 'feedbackantwoorden gewist',
    'library choice deleted': 'bibliotheekkeuze gewist',
    'admin role deleted': 'beheerdersrol gewist',
    'status updates anonymised': 'updates geanonimiseerd',
    'ideas anonymised': 'ideeën geanonimiseerd',
    'idea decisions anonymised': 'besluiten over ideeën geanonimiseerd',
    'admin messages about ideas forgotten': 'berichten aan beheerders over ideeën vergeten',
    'owed messages deleted': 'nog te versturen berichten gewist',
    'subscriptions anonymised': 'aanmeldingen geanonimiseerd',
    'ideas updated': 'ideeën bijgewerkt',
    'library deleted': 'bibliotheek gewist',
  } as Record<string, string>,
  // — feedback export —
  formatMustBe: (formats: string) => `--format moet een van deze zijn: ${formats}.`,
  workbookNeedsOut: '--format xlsx schrijft een bestand: geef het met --out BESTAND.xlsx.',
  bomIsForCsv: '--bom hoort alleen bij --format csv.',
  noFeedbackPhases: 'Het programma heeft geen feedbackfasen: er is niets te exporteren.',
  chooseFeedbackPhase: (phases: string) => `Van welke feedbackfase? Geef --phase met een van:\n${phases}`,
  unknownFeedbackPhase: (phase: string, phases: string) =>
    `Er is geen feedbackfase "${phase}". De feedbackfasen:\n${phases}`,
  feedbackWritten: (count: number, phase: string, path: string, format: string) =>
    `${count === 1 ? '1 antwoord' : `${count} antwoorden`} op ${phase} geschreven naar ${path} (${format}).`,
};

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('nl-NL', { maximumFractionDigits: 1 });
}
