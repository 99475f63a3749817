import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { EXAMPLE_PROGRAMME_FILE } from '../src/koers.js';

/**
 * A large programme file, made up but shaped like the example: 1,000 projects, 200 libraries and
 * 5,000 status updates, with the example's phases. The same seed gives the same file, so runs compare.
 */
export interface LargeProgrammeFile {
  yaml: string;
  /** A project name that matches exactly one project: the QUERY of `/project status QUERY`. */
  query: string;
  counts: { projects: number; libraries: number; updates: number };
}

const THEMES = [
  'Digitale leesclub',
  'Makerspace',
  'Taalcafé',
  'Voorleesexpress',
  'Informatiepunt Digitale Overheid',
  'Boekstart',
  'Klimaatbieb',
  'Gameclub',
  'Codeklas',
  'Erfgoedlab',
  'Schrijfwerkplaats',
  'Mediawijs',
  'Bieb op school',
  'Leesbevordering 0-4',
  'Muziekbieb',
  'Filosofisch café',
  'Repaircafé',
  'Podcaststudio',
  'Ouderenbieb',
  'Buurtkamer',
  'Stiltecentrum',
  'Dataschool',
  'Burgerwetenschap',
  'Zomerlezen',
  'Nieuwkomers leren',
  'Jongerenpanel',
  'Verhalenbank',
  'Robotica',
  'Gezondheidsplein',
  'Leesconsulent',
] as const;

const PLACES = [
  'Amersfoort',
  'Baarn',
  'Bunnik',
  'Bunschoten',
  'De Bilt',
  'De Ronde Venen',
  'Eemnes',
  'Houten',
  'IJsselstein',
  'Leusden',
  'Lopik',
  'Montfoort',
  'Nieuwegein',
  'Oudewater',
  'Renswoude',
  'Rhenen',
  'Soest',
  'Stichtse Vecht',
  'Utrecht',
  'Utrechtse Heuvelrug',
  'Veenendaal',
  'Vijfheerenlanden',
  'Wijk bij Duurstede',
  'Woerden',
  'Woudenberg',
  'Zeist',
  'Maarssen',
  'Breukelen',
  'Vianen',
  'Culemborg',
  'Driebergen',
  'Doorn',
  'Maarn',
  'Odijk',
  'Werkhoven',
  'Harmelen',
  'Kamerik',
  'Linschoten',
  'Mijdrecht',
  'Vinkeveen',
] as const;

const QUARTERS = ['', ' Noord', ' Zuid', ' Oost', ' West'] as const;
const STATUSES = ['running', 'idea', 'completed', 'paused'] as const;
const AUTHORS = ['BiSC', 'Projectleider', 'Stuurgroep', 'Werkgroep Innovatie', null] as const;
const PHRASES = [
  'Pilot gestart met de eerste groep deelnemers.',
  'Evaluatie besproken in het directieoverleg.',
  'Subsidieaanvraag ingediend bij de provincie.',
  'Tweede ronde werksessies afgerond; resultaten volgen.',
  'Samenwerking met het onderwijs uitgebreid naar twee scholen.',
  'Planning bijgesteld na de zomer; oplevering later dan gedacht.',
  'Projectplan vastgesteld door de stuurgroep.',
  'Eerste resultaten gedeeld op de kennismiddag.',
] as const;

export const LARGE_SIZES = { projects: 1_000, libraries: 200, updates: 5_000 } as const;

/** mulberry32: small, fast and seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function generateLargeProgramme(seed = 2017): LargeProgrammeFile {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const example = parse(readFileSync(EXAMPLE_PROGRAMME_FILE, 'utf8')) as Record<string, unknown>;

  const libraries = Array.from({ length: LARGE_SIZES.libraries }, (_, i) => {
    const place = PLACES[i % PLACES.length]!;
    const quarter = QUARTERS[Math.floor(i / PLACES.length)]!;
    return {
      code: `B${String(i + 1).padStart(3, '0')}`,
      name: `Bibliotheek ${place}${quarter}`,
      aliases: [`${place}${quarter}`],
    };
  });

  // Spread 5,000 updates unevenly: some projects have none, a few have many; the total is exact.
  const updateCounts = new Array<number>(LARGE_SIZES.projects).fill(
    LARGE_SIZES.updates / LARGE_SIZES.projects,
  );
  for (let moves = 0; moves < 3_000; moves++) {
    const from = Math.floor(rand() * updateCounts.length);
    const to = Math.floor(rand() * updateCounts.length);
    if (updateCounts[from]! > 0 && updateCounts[to]! < 15) {
      updateCounts[from]!--;
      updateCounts[to]!++;
    }
  }

  const projects = Array.from({ length: LARGE_SIZES.projects }, (_, i) => {
    const theme = THEMES[i % THEMES.length]!;
    const place = PLACES[Math.floor(i / THEMES.length) % PLACES.length]!;
    const name = `${theme} ${place}`;
    const forAll = rand() < 0.04;
    const partnerCount = 1 + Math.floor(rand() * 6);
    const partners = new Set<string>();
    while (partners.size < partnerCount) partners.add(pick(libraries).code);
    const partnerList = [...partners];
    const updates = Array.from({ length: updateCounts[i]! }, (_, k) => {
      const day = new Date(Date.UTC(2016, 0, 1) + Math.floor(rand() * 700) * 86_400_000);
      const author = pick(AUTHORS);
      return {
        at: day.toISOString().slice(0, 10),
        status: pick(STATUSES),
        note: `${pick(PHRASES)} (${k + 1})`,
        ...(author ? { author } : {}),
      };
    });
    return {
      slug: `p${String(i + 1).padStart(4, '0')}-${name
        .toLowerCase()
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`,
      name,
      ...(i % 7 === 0 ? { aliases: [`${theme} ${place} ${i}`] } : {}),
      status: pick(STATUSES),
      partners: forAll ? 'all' : partnerList,
      ...(!forAll && rand() < 0.5 ? { lead: partnerList[0] } : {}),
      description: `${theme} in ${place}: een innovatieproject van het programma, met de bibliotheken van de regio. ${pick(PHRASES)}`,
      updates,
    };
  });

  const file = {
    programme: {
      name: 'Meerjaren innovatieprogramma (benchmark, 1.000 projecten)',
      organisation: 'BiSC',
      timezone: 'Europe/Amsterdam',
      contact: { name: 'Ronald Huizer', email: 'r.huizer@biscutrecht.nl' },
    },
    holidays: example.holidays,
    libraries,
    projects,
    phases: example.phases,
  };
  const total = projects.reduce((sum, project) => sum + project.updates.length, 0);
  return {
    yaml: stringify(file, { lineWidth: 0 }),
    // Middle of the list: a name no other project has, nor starts with.
    query: projects[617]!.name,
    counts: { projects: projects.length, libraries: libraries.length, updates: total },
  };
}
