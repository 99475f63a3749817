/** The people and channels of the playground's workspace. Ids look like Slack's, so Koers's checks pass. */
export interface Persona {
  id: string;
  name: string;
  /** What users.info reports; Koers answers in this language. */
  locale: 'nl-NL' | 'en-US';
  role: 'admin' | 'member' | 'english' | 'unlinked';
}

export const PERSONAS: readonly Persona[] = [
  { id: 'U0PGADMIN', name: 'Anke', locale: 'nl-NL', role: 'admin' },
  { id: 'U0PGMEMBER', name: 'Bram', locale: 'nl-NL', role: 'member' },
  { id: 'U0PGENGLISH', name: 'Emma', locale: 'en-US', role: 'english' },
  { id: 'U0PGGUEST', name: 'Sam', locale: 'nl-NL', role: 'unlinked' },
];

export const ADMIN_PERSONA = PERSONAS[0] as Persona;
export const MEMBER_PERSONA = PERSONAS[1] as Persona;

export interface Channel {
  id: string;
  name: string;
  kind: 'channel' | 'im';
  /** For a direct message: the person Koers talks to. */
  userId?: string;
}

/**
 * A workspace of the playground: Koers is installed in each (OAuth), and each keeps its programme in a
 * schema of its own. The first channel is where a newcomer lands.
 */
export interface PlaygroundTeam {
  id: string;
  name: string;
  domain: string;
  channels: readonly Channel[];
  /** The programme a new workspace starts with (programme/…); the first has Koers's example. */
  programmeFile: string;
  /** The member persona speaks for this library, or the programme's first. */
  memberLibrary: string;
}

export const TEAMS: readonly [PlaygroundTeam, PlaygroundTeam] = [
  {
    id: 'T0PLAYGROUND',
    name: 'BiSC Utrecht',
    domain: 'playground',
    channels: [
      { id: 'C0INNOVATIE', name: 'innovatie', kind: 'channel' },
      { id: 'C0BESTUUR', name: 'bestuur', kind: 'channel' },
    ],
    programmeFile: 'example.yml',
    memberLibrary: 'AVV',
  },
  {
    id: 'T0PLAYVELDE',
    name: 'Servicecentrum Veldeland',
    domain: 'playground-veldeland',
    channels: [
      { id: 'C0VLPROJECTEN', name: 'projecten', kind: 'channel' },
      { id: 'C0VLDIRECTIE', name: 'directie', kind: 'channel' },
    ],
    programmeFile: 'playground-veldeland.yml',
    memberLibrary: 'VZD',
  },
];

/** The first workspace: the one the playground shows first, and the only one on a database the user chose. */
export const FIRST_TEAM = TEAMS[0];

/** Each person's direct message with Koers. */
export function directMessageOf(userId: string): Channel {
  return { id: `D${userId.slice(1)}`, name: 'Koers', kind: 'im', userId };
}

/** The slash commands Koers registers (manifest.yml); Slack sends no other command to the app. */
export const SLASH_COMMANDS: readonly string[] = ['/project'];

export const BOT = {
  userId: 'U0PGKOERS',
  botId: 'B0PGKOERS',
  appId: 'A0PGKOERS',
  name: 'Koers',
};
