import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { importProgramme } from '../../src/db/programmeRepository.js';
import { parseProgrammeFile } from '../../src/domain/programmeFile.js';
import { describeOnBothDatabases } from '../support/databases.js';
import { type KoersUnderTest, SIGNING_SECRET } from '../support/koersUnderTest.js';
import { installFlow, startKoersForInstalls, workspaceDatabases } from '../support/oauthInstall.js';
import { askProject } from '../support/slackRequests.js';

/*
 * The property behind tests/e2e/twoWorkspaces.test.ts, for programmes made up at random: two installed
 * workspaces, each given a programme of its own per case, asked random `/project` questions over signed
 * HTTP requests; no answer of one names a project, phase or library of the other.
 */

const TEAMS = ['T1', 'T2'] as const;
type Team = (typeof TEAMS)[number];
/** Enough to mix programmes and questions, within a few seconds per database. */
const RUNS = 10;

/**
 * A made-up programme around a few made-up words: its names are `Qz<word> Pijler` (projects),
 * `Qz<word> Mijlpaal` (phases) and `Qz<word> Bieb` (libraries), which no answer's own wording contains
 * and none of which is part of another's.
 */
interface MadeUp {
  words: string[];
  /** The phases' days in March 2031. */
  days: number[];
}

const projectNamesOf = ({ words }: MadeUp) => words.map((word) => `Qz${word} Pijler`);
const phaseTitlesOf = ({ words }: MadeUp) => words.slice(0, 2).map((word) => `Qz${word} Mijlpaal`);
const libraryNamesOf = ({ words }: MadeUp) => words.slice(0, 2).map((word) => `Qz${word} Bieb`);
const programmeNameOf = ({ words }: MadeUp) => `Qz${words[0]} Programma`;

/** What only the workspace given this programme may name. */
const namesOf = (programme: MadeUp) => [
  ...projectNamesOf(programme),
  ...phaseTitlesOf(programme),
  ...libraryNamesOf(programme),
  programmeNameOf(programme),
];

function programmeFileOf(programme: MadeUp): string {
  const { words, days } = programme;
  const projectNames = projectNamesOf(programme);
  return stringify({
    programme: {
      name: programmeNameOf(programme),
      organisation: `Qz${words[0]} Organisatie`,
      timezone: 'Europe/Amsterdam',
    },
    libraries: libraryNamesOf(programme).map((name, index) => ({ code: `L${index}`, name })),
    projects: words.map((word, index) => ({
      slug: `p-${word}`,
      name: projectNames[index],
      status: 'running',
      partners: 'all',
      description: `Over Qz${word}.`,
    })),
    phases: phaseTitlesOf(programme).map((title, index) => ({
      id: `f-${words[index]}`,
      title,
      date: `2031-03-${String(days[index] ?? 1).padStart(2, '0')}`,
      kind: 'meeting',
    })),
  });
}

/** Two programmes whose words differ: what T1 and T2 are given in one case. */
const programmePair = fc
  .uniqueArray(fc.stringMatching(/^[a-z]{4,8}$/), { minLength: 4, maxLength: 6 })
  .chain((words) =>
    fc
      .record({
        split: fc.integer({ min: 2, max: words.length - 2 }),
        days: fc.array(fc.integer({ min: 1, max: 28 }), { minLength: 2, maxLength: 2 }),
      })
      .map(({ split, days }) => ({
        T1: { words: words.slice(0, split), days },
        T2: { words: words.slice(split), days },
      })),
  );

/**
 * A question from the `/project` grammar (src/domain/command.ts), given what the asking workspace and
 * the other hold: a word of the other's names is only a part of one, so an echo of it names nothing.
 */
type Question = (own: MadeUp, other: MadeUp) => string;
const question: fc.Arbitrary<{ label: string; ask: Question }> = fc.oneof(
  fc
    .constantFrom(
      'status',
      'partners',
      'timeline',
      'tijdlijn',
      'projecten',
      'bibliotheken',
      'help',
      '',
      'statsu',
    )
    .map((text) => ({ label: text, ask: () => text })),
  fc.constantFrom('status', 'partners', 'timeline').chain((word) =>
    fc.nat(5).map((index) => ({
      label: `${word} <a word of the other's>`,
      ask: (_own: MadeUp, other: MadeUp) => `${word} Qz${other.words[index % other.words.length]}`,
    })),
  ),
  fc.nat(5).map((index) => ({
    label: 'status <an own project>',
    ask: (own: MadeUp) => `status ${projectNamesOf(own)[index % own.words.length]}`,
  })),
  fc
    .stringMatching(/^[a-z ]{0,12}$/)
    .map((text) => ({ label: `status ${text}`, ask: () => `status ${text}` })),
);

describeOnBothDatabases('workspaces kept apart, for any two programmes and any questions', (database) => {
  let app: KoersUnderTest;
  const { install } = installFlow(() => app);
  const workspaces = workspaceDatabases(database);

  beforeAll(async () => {
    app = await startKoersForInstalls(database());
    for (const team of TEAMS) expect((await install(team, `Werkruimte ${team}`)).status).toBe(200);
  });
  afterAll(async () => {
    await workspaces.closeAll();
    await app?.stop();
  });

  async function give(team: Team, programme: MadeUp) {
    const parsed = parseProgrammeFile(programmeFileOf(programme));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    // Pruned: what an earlier case gave this workspace is gone, so only this case's names are its own.
    await importProgramme(await workspaces.of(team), parsed.programme, { prune: true, now: new Date() });
  }

  it("never names the other workspace's projects, phases or libraries in an answer", async () => {
    let asked = 0;
    await fc.assert(
      fc.asyncProperty(
        programmePair,
        fc.array(fc.tuple(fc.constantFrom(...TEAMS), question), { minLength: 2, maxLength: 5 }),
        async (programmes, questions) => {
          for (const team of TEAMS) await give(team, programmes[team]);
          for (const [team, { ask }] of questions) {
            const own = programmes[team];
            const other = programmes[team === 'T1' ? 'T2' : 'T1'];
            const text = ask(own, other);
            const answer = await askProject(
              { ...app, signingSecret: SIGNING_SECRET },
              text,
              `UASK${++asked}`,
              team,
            );
            expect(answer.status).toBe(200);
            for (const name of namesOf(other))
              expect(answer.text, `/project ${text} in ${team}`).not.toContain(name);
            // The workspace's own programme answers: the isolation is not that of an empty one.
            if (text === 'status') expect(answer.text).toContain(projectNamesOf(own)[0]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
