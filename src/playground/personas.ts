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

export const PUBLIC_CHANNELS: readonly Channel[] = [
  { id: 'C0INNOVATIE', name: 'innovatie', kind: 'channel' },
  { id: 'C0BESTUUR', name: 'bestuur', kind: 'channel' },
];

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
  teamId: 'T0PLAYGROUND',
  name: 'Koers',
};
