/** `/project beheerders`: who the admins are, and making someone one (or not any more). */
export const adminsNl = {
  list: (stored: string, seeded: string) =>
    `*Beheerders*: ${[stored, seeded && `${seeded} (ADMIN_USER_IDS op de server)`].filter(Boolean).join(', ')}`,
  none: 'Er zijn nog geen beheerders. Zet er een in `ADMIN_USER_IDS` op de server.',
  usage:
    'Gebruik: `/project beheerders` (wie het zijn), `/project beheerders toevoegen @iemand` of `/project beheerders verwijderen @iemand` (alleen voor beheerders). Kies de persoon uit de lijst die Slack toont als je @ typt.',
  added: (user: string) => `<@${user}> is nu beheerder van het programma.`,
  alreadyAdmin: (user: string) => `<@${user}> is al beheerder.`,
  removed: (user: string) => `<@${user}> is geen beheerder meer.`,
  notAdmin: (user: string) => `<@${user}> is geen beheerder; er is niets veranderd.`,
  seeded: (user: string) =>
    `<@${user}> is beheerder via \`ADMIN_USER_IDS\` op de server; dat verander je daar, niet in Slack.`,
  last: (user: string) =>
    `<@${user}> is de laatste beheerder: een programma houdt er altijd een. Maak eerst iemand anders beheerder.`,
};
