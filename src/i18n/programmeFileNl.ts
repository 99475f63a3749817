import type { ProgrammeFileWording } from '../domain/programmeFileWording.js';

/**
 * A refused programme file in Dutch. The keys and paths (`projects[crm].lead`, `partners`) are the
 * file's own and stay as written; so does the YAML library's reason for a syntax error.
 */

const TOP_LEVEL = 'verwacht de sleutels programme, libraries, projects en phases (holidays mag ontbreken)';

const DUPLICATE_WHAT = {
  libraryCode: 'bibliotheekcode',
  projectSlug: 'projectslug',
  phaseId: 'fase-id',
  updateId: 'update-id',
} as const;

function count(value: number): string {
  return value.toLocaleString('nl-NL');
}

export const programmeFileNl: ProgrammeFileWording = {
  line: (line) => `regel ${line}`,
  syntaxError: (reason, position) =>
    position
      ? `regel ${position.line}, kolom ${position.column}: YAML-fout: ${reason}`
      : `YAML-fout: ${reason}`,
  moreErrors: (more) => `… en nog ${more} ${more === 1 ? 'fout' : 'fouten'}`,
  topLevel: TOP_LEVEL,
  empty: `het bestand is leeg; ${TOP_LEVEL}`,
  required: 'ontbreekt',
  typeNames: {
    text: 'tekst',
    number: 'een getal',
    boolean: 'true of false',
    list: 'een lijst',
    map: 'sleutels met waarden',
  },
  valueNames: {
    nothing: 'niets',
    list: 'een lijst',
    binary: 'binaire gegevens',
    map: 'sleutels met waarden',
  },
  expectedType: (expected, got) => `verwacht ${expected}; hier staat ${got}`,
  expectedOneOf: (values, got) => `verwacht een van ${values.join(', ')}; hier staat ${got}`,
  unknownKeys: (keys, allowed) =>
    `onbekende ${keys.length > 1 ? 'sleutels' : 'sleutel'} ${keys.join(', ')}; hier horen: ${allowed.join(', ')}`,
  andMore: (more) => `en nog ${more}`,
  didYouMean: (candidate) => ` (bedoel je "${candidate}"?)`,
  notEmpty: 'mag niet leeg zijn',
  tooLong: (length, max) => `is ${count(length)} tekens lang; hoogstens ${count(max)}`,
  updateIdShape:
    'een update-id is hoogstens 40 kleine letters, cijfers en streepjes, bijvoorbeeld u3f9c2a1b7e',
  slugShape: 'gebruik kleine letters, cijfers en enkele streepjes, bijvoorbeeld social-crm',
  libraryCodeShape: 'een bibliotheekcode is 2 tot 12 hoofdletters, cijfers of streepjes, bijvoorbeeld AVV',
  dateShape: (got) => `verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2017-06-08; hier staat ${got}`,
  notARealDate: (date) => `${date} bestaat niet`,
  updateTimeShape: (got) =>
    `verwacht een datum (2017-05-30) of een tijdstip met tijdzone (2017-05-30T14:00:00+02:00); hier staat ${got}`,
  reminderShape: (got, maxDays) =>
    `${got} is geen herinnering: gebruik P<n>D, n dagen voor de fase (0 tot en met ${maxDays}), bijvoorbeeld P7D`,
  emailExpected: 'verwacht een e-mailadres',
  unknownTimeZone: (got) => `onbekende tijdzone ${got}, bijvoorbeeld Europe/Amsterdam`,
  partnersShape: 'verwacht een lijst met bibliotheekcodes, bijvoorbeeld [AVV, HGH], of all',
  dateAndSpan: 'geef date, of start en end; niet allebei',
  phaseNeedsDates: 'een fase heeft een date nodig, of een start en een end',
  endBeforeStart: (end, start) => `end ${end} ligt voor start ${start}`,
  nudgeDaysShape: (maxDays) => `verwacht een heel aantal werkdagen van 0 tot en met ${maxDays}`,
  quietPeriodEndBeforeStart: (to, from) => `to ${to} ligt voor from ${from}`,
  unknownLibraryCode: (code) => `onbekende bibliotheekcode ${code}`,
  duplicate: (what, key, firstLine) =>
    `${DUPLICATE_WHAT[what]} ${key} staat ook al ${firstLine === null ? 'eerder in het bestand' : `op regel ${firstLine}`}`,
  listedTwice: (code) => `bibliotheekcode ${code} staat er twee keer in`,
  leadNotPartner: (lead, partners) => `lead ${lead} is geen van de partners (${partners})`,
  slackUserShape: (got) =>
    `verwacht een Slack-gebruikers-id zoals U024BE7LH (in Slack: het profiel van de persoon, ⋮, Lid-ID kopiëren); kreeg ${got}`,
  tooManyContacts: (max) => `hoogstens ${max} contactpersonen per bibliotheek`,
  contactListedTwice: (user) => `contactpersoon ${user} staat er twee keer in`,
};
